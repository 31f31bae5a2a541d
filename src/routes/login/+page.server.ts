import { redirect } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { hasAccounts, login } from '$lib/server/auth/service';
import { describeDestination } from '$lib/server/sessions/destination';
import { setSessionCookie } from '$lib/server/hooks/authenticate';
import { formFailure, formText, redirectIfSignedIn, safeRedirectPath } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	redirectIfSignedIn(locals);
	const ctx = appContext();
	const redirectTo = safeRedirectPath(url.searchParams.get('redirectTo'));
	// Nobody can log in to a fresh install: its first visitor creates the admin account.
	if (!(await hasAccounts(ctx))) {
		redirect(303, redirectTo ? `/signup?redirectTo=${encodeURIComponent(redirectTo)}` : '/signup');
	}
	return {
		redirectTo,
		destination: await describeDestination(ctx, redirectTo),
		expired: url.searchParams.get('expired') === '1' || locals.sessionExpired
	};
};

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const email = formText(data, 'email');
		const password = formText(data, 'password');
		try {
			const { token, session } = await login(
				appContext(),
				{ email, password },
				event.getClientAddress()
			);
			setSessionCookie(event.cookies, event.url, token, session.expiresAt);
		} catch (cause) {
			return formFailure(cause, { email: email ?? '' });
		}
		redirect(303, safeRedirectPath(formText(data, 'redirectTo')) ?? '/');
	}
};
