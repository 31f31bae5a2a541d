import { redirect } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { logout } from '$lib/server/auth/service';
import { deleteSessionCookie } from '$lib/server/hooks/authenticate';
import type { Actions, PageServerLoad } from './$types';

// Logging out changes state, so it is a POST; a GET (a typed URL, a prefetch) does nothing.
export const load: PageServerLoad = () => {
	redirect(303, '/');
};

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.sessionId) await logout(appContext(), locals.sessionId);
		deleteSessionCookie(cookies, url);
		redirect(303, '/login');
	}
};
