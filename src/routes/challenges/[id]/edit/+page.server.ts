import { redirect } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { forbiddenPage, formFailure, requireUser } from '$lib/server/guards';
import { canManage } from '$lib/server/challenges/access';
import { updateChallenge } from '$lib/server/challenges/service';
import type { PublicUser } from '$lib/shared/auth';
import {
	formOptions,
	formValuesOf,
	readChallengeForm,
	withProblems
} from '../../challenge-form.server';
import { loadVisibleChallenge } from '../../load-challenge.server';
import type { Actions, PageServerLoad } from './$types';

async function requireManager(user: PublicUser, id: string) {
	const challenge = await loadVisibleChallenge(appContext(), user, id);
	if (!canManage(user, challenge)) {
		forbiddenPage('Only the challenge’s facilitator or an admin can edit it.');
	}
	return challenge;
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const challenge = await requireManager(user, event.params.id);
	return {
		id: challenge.id,
		title: challenge.title,
		values: formValuesOf(challenge),
		...(await formOptions(appContext(), user))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireUser(event);
		const { values, body, problems } = readChallengeForm(await event.request.formData());
		try {
			await updateChallenge(appContext(), actor, event.params.id, body);
		} catch (cause) {
			return formFailure(withProblems(cause, problems), values);
		}
		redirect(303, `/challenges/${event.params.id}?saved`);
	}
};
