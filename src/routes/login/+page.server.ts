import { redirect } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { login } from '$lib/server/auth/service';
import { setSessionCookie } from '$lib/server/hooks/authenticate';
import { formFailure, formText, redirectIfSignedIn, safeRedirectPath } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	redirectIfSignedIn(locals);
	return {
		redirectTo: safeRedirectPath(url.searchParams.get('redirectTo')),
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
