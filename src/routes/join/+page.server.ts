import { redirect } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { formFailure, formText, requireUser } from '$lib/server/guards';
import { joinByCode } from '$lib/server/sessions/admissions';
import type { Actions, PageServerLoad } from './$types';

/**
 * `?code=` fills the form. A signed-out visitor is sent to log in with `go=1` added, and the
 * load then finishes the join they came for instead of making them press Join again.
 */
export const load: PageServerLoad = async (event) => {
	const code = event.url.searchParams.get('code')?.slice(0, 16) ?? '';
	if (!event.locals.user && code) {
		const back = `/join?code=${encodeURIComponent(code)}&go=1`;
		redirect(303, `/login?redirectTo=${encodeURIComponent(back)}`);
	}
	const actor = requireUser(event);
	if (!code || event.url.searchParams.get('go') !== '1') return { code, failure: null };
	let sessionId: string;
	try {
		({ id: sessionId } = await joinByCode(appContext(), actor, { code }));
	} catch (cause) {
		const failure = formFailure(cause, { code }).data;
		return { code, failure };
	}
	redirect(303, `/s/${sessionId}`);
};

export const actions: Actions = {
	/** Also the target of the join box on the home page. */
	default: async (event) => {
		const actor = requireUser(event);
		const code = formText(await event.request.formData(), 'code') ?? '';
		let sessionId: string;
		try {
			({ id: sessionId } = await joinByCode(appContext(), actor, { code }));
		} catch (cause) {
			// `not_invited` also put them on the facilitator's waiting list.
			return formFailure(cause, { code: code.slice(0, 16) });
		}
		redirect(303, `/s/${sessionId}`);
	}
};
