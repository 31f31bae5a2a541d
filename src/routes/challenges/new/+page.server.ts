import { redirect } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { forbiddenPage, formFailure, requireUser } from '$lib/server/guards';
import { canCreateChallenge } from '$lib/server/challenges/access';
import { createChallenge } from '$lib/server/challenges/service';
import { challengeCreateInput, quarterOf } from '$lib/shared/challenges';
import type { PublicUser } from '$lib/shared/auth';
import type { ChallengeFormValues } from '$lib/components/challenges/types';
import { formOptions, readChallengeForm, withProblems } from '../challenge-form.server';
import type { Actions, PageServerLoad } from './$types';

function requireCreator(event: { locals: App.Locals; url: URL; request: Request }): PublicUser {
	const user = requireUser(event);
	if (!canCreateChallenge(user)) {
		forbiddenPage('Only facilitators and admins create challenges. Ask an admin for the role.');
	}
	return user;
}

export const load: PageServerLoad = async (event) => {
	const user = requireCreator(event);
	// The defaults of the schema the service validates with, so the form and the API agree.
	const defaults = challengeCreateInput.parse({ title: 'New', question: 'A new question' });
	const values: ChallengeFormValues = {
		title: '',
		question: '',
		whyItMatters: '',
		quarter: quarterOf(new Date()),
		sponsorId: '',
		facilitatorId: user.id,
		audience: defaults.audience,
		invitedTeamIds: [],
		invitedUserIds: [],
		voteBudget: String(defaults.voteBudget),
		voteCap: String(defaults.voteCap),
		privateWriting: defaults.privateWriting,
		anonymousNotes: defaults.anonymousNotes
	};
	return { values, ...(await formOptions(appContext(), user)) };
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireCreator(event);
		const data = await event.request.formData();
		const { values, body, problems } = readChallengeForm(data);
		const status = data.get('status') === 'open' ? 'open' : 'draft';
		let id: string;
		try {
			({ id } = await createChallenge(appContext(), actor, { ...body, status }));
		} catch (cause) {
			return formFailure(withProblems(cause, problems), values);
		}
		redirect(303, `/challenges/${id}?created=${status}`);
	}
};
