import { appContext } from '$lib/server/context';
import { formText, formTexts, requireUser, scopedAction } from '$lib/server/guards';
import { createApiToken, listApiTokens, revokeApiToken } from '$lib/server/auth/tokens';
import { changePassword, updateProfile } from '$lib/server/auth/account';
import { MIN_PASSWORD_LENGTH } from '$lib/shared/auth';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	// The response to a create shows the token itself: no cache may keep a copy.
	event.setHeaders({ 'cache-control': 'private, no-store' });
	const [{ team }, tokens] = await Promise.all([event.parent(), listApiTokens(appContext(), user)]);
	return {
		profile: { name: user.name, email: user.email, role: user.role, team: team?.name ?? null },
		tokens,
		minPasswordLength: MIN_PASSWORD_LENGTH
	};
};

// Every result names its form (`scope`), so the page shows it beside the right control.
export const actions: Actions = {
	updateName: async (event) => {
		const actor = requireUser(event);
		const name = formText(await event.request.formData(), 'name');
		return scopedAction('updateName', { name: name ?? '' }, async () => {
			await updateProfile(appContext(), actor, { name });
			return { message: 'Saved your name.' };
		});
	},

	changePassword: async (event) => {
		const actor = requireUser(event);
		const body = formTexts(await event.request.formData(), 'currentPassword', 'newPassword');
		return scopedAction('changePassword', {}, async () => {
			const { signedOut } = await changePassword(
				appContext(),
				actor,
				event.locals.sessionId,
				body,
				event.getClientAddress()
			);
			const others = signedOut === 1 ? '1 other session' : `${signedOut} other sessions`;
			return {
				message: `Password changed. ${signedOut ? `Signed out ${others}.` : 'You were signed in nowhere else.'}`
			};
		});
	},

	/** The token is in this response only: never in a URL, a cookie or a later load. */
	createToken: async (event) => {
		const actor = requireUser(event);
		const name = formText(await event.request.formData(), 'name');
		return scopedAction('createToken', { name: name ?? '' }, async () => {
			const { token, info } = await createApiToken(appContext(), actor, { name });
			return { token, created: info };
		});
	},

	revokeToken: async (event) => {
		const actor = requireUser(event);
		const id = formText(await event.request.formData(), 'id') ?? '';
		const ctx = appContext();
		return scopedAction('revokeToken', {}, async () => {
			// The name for the confirmation comes from the actor's own list, not from the form.
			const name = (await listApiTokens(ctx, actor)).find((token) => token.id === id)?.name;
			await revokeApiToken(ctx, actor, id);
			const what = name ? `“${name}”` : 'the token';
			return { message: `Revoked ${what}. Anything using it can no longer sign in with it.` };
		});
	}
};
