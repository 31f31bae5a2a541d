import { redirect } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { formFailure, formText, requireUser } from '$lib/server/guards';
import { joinByCode } from '$lib/server/sessions/admissions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireUser(event);
	return { code: event.url.searchParams.get('code')?.slice(0, 16) ?? '' };
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
