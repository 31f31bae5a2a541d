import { json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { claimValue, listValue } from '$lib/server/value/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor, event }) =>
	listValue(ctx, actor, event.params.id)
);

export const POST: RequestHandler = api(async ({ ctx, actor, event, body }) =>
	json(await claimValue(ctx, actor, event.params.id, await body()), { status: 201 })
);
