import { json, type RequestHandler } from '@sveltejs/kit';
import { errorBody } from '$lib/server/http';

/** Unknown API paths answer in JSON, like every other API error. */
const notFound: RequestHandler = ({ request, url }) =>
	json(errorBody('not_found', `No API route ${request.method} ${url.pathname}.`), { status: 404 });

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
