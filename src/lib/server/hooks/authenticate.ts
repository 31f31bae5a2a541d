import type { Cookies, Handle } from '@sveltejs/kit';
import { appContext } from '../context.ts';
import { validateApiToken } from '../auth/tokens.ts';
import { SESSION_COOKIE, sessionCookieOptions, validateSessionToken } from '../auth/session.ts';

/** Session cookie → `locals.user`; renews the cookie when the expiry slid. */
export const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.sessionId = null;
	event.locals.sessionExpired = false;
	const token = event.cookies.get(SESSION_COOKIE);
	const bearer = /^bearer\s+(\S+)$/i.exec(event.request.headers.get('authorization') ?? '')?.[1];
	if (!token && bearer) {
		// Integrations: a personal API token, no cookie and so no CSRF exposure.
		event.locals.user = await validateApiToken(appContext().db, bearer);
	} else if (token) {
		const result = await validateSessionToken(appContext().db, token);
		if (result) {
			event.locals.user = result.user;
			event.locals.sessionId = result.session.id;
			if (result.renewed)
				setSessionCookie(event.cookies, event.url, token, result.session.expiresAt);
		} else {
			event.locals.sessionExpired = true;
			deleteSessionCookie(event.cookies, event.url);
		}
	}
	return resolve(event);
};

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date): void {
	cookies.set(SESSION_COOKIE, token, sessionCookieOptions(expiresAt, url.protocol === 'https:'));
}

export function deleteSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(SESSION_COOKIE, { path: '/', secure: url.protocol === 'https:' });
}
