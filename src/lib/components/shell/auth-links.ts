import { resolve } from '$app/paths';

/** The other auth page (log in ↔ sign up), keeping where the visitor was going. */
export function authPageHref(page: '/login' | '/signup', redirectTo: string | null | undefined) {
	return redirectTo
		? resolve(`${page}?redirectTo=${encodeURIComponent(redirectTo)}`)
		: resolve(page);
}
