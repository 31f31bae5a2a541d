import { redirect } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { hasAccounts, signup } from '$lib/server/auth/service';
import { describeDestination } from '$lib/server/sessions/destination';
import { setSessionCookie } from '$lib/server/hooks/authenticate';
import { listTeams } from '$lib/server/teams/service';
import { MIN_PASSWORD_LENGTH } from '$lib/shared/auth';
import { formFailure, formText, redirectIfSignedIn, safeRedirectPath } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	redirectIfSignedIn(locals);
	const ctx = appContext();
	const redirectTo = safeRedirectPath(url.searchParams.get('redirectTo'));
	const [teams, accounts, destination] = await Promise.all([
		listTeams(ctx),
		hasAccounts(ctx),
		describeDestination(ctx, redirectTo)
	]);
	return {
		teams,
		firstAccount: !accounts,
		destination,
		// Sent from here: importing values from $lib/shared/auth would ship zod to the browser.
		minPasswordLength: MIN_PASSWORD_LENGTH,
		redirectTo
	};
};

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const name = formText(data, 'name');
		const email = formText(data, 'email');
		const team = formText(data, 'team') || null;
		try {
			const { token, session } = await signup(appContext(), {
				name,
				email,
				password: formText(data, 'password'),
				team
			});
			setSessionCookie(event.cookies, event.url, token, session.expiresAt);
		} catch (cause) {
			return formFailure(cause, { name: name ?? '', email: email ?? '', team: team ?? '' });
		}
		redirect(303, safeRedirectPath(formText(data, 'redirectTo')) ?? '/');
	}
};
