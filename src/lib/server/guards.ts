import { error, fail, redirect, type ActionFailure } from '@sveltejs/kit';
import { isDomainError } from '../shared/errors.ts';
import type { PublicUser } from '../shared/auth.ts';

/**
 * What pages and form actions require of a request, and how a refusal becomes a response.
 * Services still authorize every call themselves; these only pick the right page to show.
 */

interface GuardEvent {
	locals: App.Locals;
	url: URL;
	request: Request;
}

/** The signed-in user, or a redirect to the login page that brings them back here afterwards. */
export function requireUser(event: GuardEvent): PublicUser {
	const { user, sessionExpired } = event.locals;
	if (user) return user;
	// After a form post there is nothing to come back to but the page itself.
	const back =
		event.request.method === 'GET' ? event.url.pathname + event.url.search : event.url.pathname;
	const expired = sessionExpired ? '&expired=1' : '';
	redirect(303, `/login?redirectTo=${encodeURIComponent(back)}${expired}`);
}

export function requireAdmin(event: GuardEvent): PublicUser {
	const user = requireUser(event);
	if (user.role !== 'admin') forbiddenPage('Only admins can open this page.');
	return user;
}

/** The 403 error page for a signed-in person this page is not for, saying who it is for. */
export function forbiddenPage(message: string): never {
	error(403, { message, code: 'forbidden' });
}

/** Login and sign-up are for people who are not signed in yet. */
export function redirectIfSignedIn(locals: App.Locals): void {
	if (locals.user) redirect(303, '/');
}

/**
 * A path on this site to go to after logging in, or null. Only a single leading slash is
 * accepted: `//evil.example` and `/\evil.example` are other sites to a browser, and browsers
 * drop tabs and newlines inside URLs, so control characters are refused too.
 */
export function safeRedirectPath(value: unknown): string | null {
	if (typeof value !== 'string' || value.length > 2048) return null;
	if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f\\]/.test(value)) return null;
	const base = 'http://whitespace.invalid';
	const url = new URL(value, base);
	if (url.origin !== base) return null;
	return url.pathname + url.search + url.hash;
}

export interface FormFailure<V> {
	message: string;
	code: string;
	fields: Record<string, string>;
	values: V;
}

/**
 * A refusal from a service becomes the form's failure data: its status, its message, and its
 * messages per field. `values` is what the form shows again: never include a password.
 * `extra` is merged in as is (e.g. which of several forms on the page failed).
 * Anything else is a bug and is rethrown, to be logged and shown as the error page.
 */
export function formFailure<V, E extends object = object>(
	cause: unknown,
	values: V,
	extra?: E
): ActionFailure<FormFailure<V> & E> {
	if (!isDomainError(cause)) throw cause;
	return fail(cause.status, {
		message: cause.message,
		code: cause.code,
		fields: cause.fields ?? {},
		values,
		...(extra as E)
	});
}

/**
 * One of several forms on a page: the result of `run` or its refusal (`formFailure`, showing
 * `values` again) names the form in `scope`, so the page shows it beside the right control.
 */
export async function scopedAction<R extends object, V>(
	scope: string,
	values: V,
	run: () => Promise<R>
) {
	try {
		return { scope, ...(await run()) };
	} catch (cause) {
		return formFailure(cause, values, { scope });
	}
}

/** A text field from a form post; absent or a file counts as absent. */
export function formText(data: FormData, name: string): string | undefined {
	const value = data.get(name);
	return typeof value === 'string' ? value : undefined;
}

/** Several text fields of a form post, by name, each read as `formText` reads it. */
export function formTexts<K extends string>(
	data: FormData,
	...names: K[]
): Record<K, string | undefined> {
	const texts = {} as Record<K, string | undefined>;
	for (const name of names) texts[name] = formText(data, name);
	return texts;
}

/**
 * A service's refusal while loading a page becomes the error page with the same status and
 * message (404 unknown, 403 not allowed); anything else is a bug and is rethrown.
 */
export function refusedPage(cause: unknown): never {
	if (isDomainError(cause) && cause.status < 500) {
		error(cause.status, { message: cause.message, code: cause.code });
	}
	throw cause;
}

/** A page's data, read by a service as the signed-in user; a refusal becomes `refusedPage`. */
export async function readAsUser<T>(
	event: GuardEvent,
	read: (user: PublicUser) => Promise<T>
): Promise<T> {
	const user = requireUser(event);
	try {
		return await read(user);
	} catch (cause) {
		refusedPage(cause);
	}
}
