import { json, text, type Handle } from '@sveltejs/kit';
import { originAllowed } from '../../shared/origin.ts';
import { appContext } from '../context.ts';
import { errorBody } from '../http.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses cross-site state changes (CSRF) whatever their content type. SvelteKit's own check
 * covers form posts only; JSON routes need it too. Bearer-token calls carry no cookie and no
 * ambient authority, so they need no Origin.
 */
export const originGuard: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	if (SAFE_METHODS.has(request.method)) return resolve(event);
	const origin = request.headers.get('origin');
	const own = {
		configured: appContext().config.ORIGIN,
		protocol: url.protocol.slice(0, -1),
		host: url.host
	};
	if (originAllowed(origin, own)) return resolve(event);
	const bearerOnly =
		/^bearer\s/i.test(request.headers.get('authorization') ?? '') && !request.headers.has('cookie');
	if (bearerOnly) return resolve(event);
	const message = 'Cross-site requests are not allowed.';
	return url.pathname.startsWith('/api/')
		? json(errorBody('forbidden', message), { status: 403 })
		: text(message, { status: 403 });
};
