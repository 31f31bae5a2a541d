import { json, type Handle } from '@sveltejs/kit';
import { ErrorCode } from '../../shared/errors.ts';
import { errorBody } from '../http.ts';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
	400: 'bad_request',
	401: 'unauthenticated',
	403: 'forbidden',
	404: 'not_found',
	405: 'method_not_allowed',
	413: 'payload_too_large',
	415: 'unsupported_media_type',
	429: 'rate_limited'
};

/** Framework errors under /api (no such route, wrong method, body too large) answer in JSON too. */
export const apiErrors: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (!event.url.pathname.startsWith('/api/') || response.status < 400) return response;
	if (response.headers.get('content-type')?.includes('application/json')) return response;
	const code =
		CODE_BY_STATUS[response.status] ?? (response.status >= 500 ? 'internal' : 'bad_request');
	const message =
		response.status === 404
			? `No API route ${event.request.method} ${event.url.pathname}.`
			: response.status === 405
				? `${event.request.method} is not allowed on ${event.url.pathname}.`
				: await readableMessage(response);
	const headers = new Headers();
	const allow = response.headers.get('allow');
	if (allow) headers.set('allow', allow);
	return json(errorBody(code, message), { status: response.status, headers });
};

/**
 * A framework refusal's own text when it is plain text; an HTML error page (SvelteKit answers a
 * malformed address with one) is no message for an API client, so it gets a sentence instead.
 */
async function readableMessage(response: Response): Promise<string> {
	const text = response.headers.get('content-type')?.includes('text/html')
		? ''
		: (await response.text()).trim().slice(0, 200);
	if (text) return text;
	return response.status === 400
		? 'The request could not be read: check that its address and body are well formed.'
		: 'The request could not be handled.';
}
