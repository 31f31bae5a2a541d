import { redirect } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { formFailure, formText, requireUser, scopedAction } from '$lib/server/guards';
import { canManage } from '$lib/server/challenges/access';
import { summarizeSessions } from '$lib/server/challenges/calendar';
import {
	challengePeople,
	toPublicChallenge,
	updateChallenge
} from '$lib/server/challenges/service';
import { listChallengeSessions, startSession } from '$lib/server/sessions/lifecycle';
import { listTeams } from '$lib/server/teams/service';
import type { LiveSession } from '$lib/shared/sessions';
import { loadVisibleChallenge } from '../load-challenge.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const ctx = appContext();
	const challenge = await loadVisibleChallenge(ctx, user, event.params.id);
	const [sessions, teams, summaries, names] = await Promise.all([
		listChallengeSessions(ctx, user, challenge.id),
		listTeams(ctx),
		summarizeSessions(ctx, [challenge.id]),
		challengePeople(ctx, challenge)
	]);
	const teamNames = new Map(teams.map((team) => [team.id, team.name]));
	const summary = new Map((summaries.get(challenge.id) ?? []).map((s) => [s.id, s]));
	const invitedPeople = challenge.invitedUserIds.map((id) => names.get(id));

	return {
		challenge: toPublicChallenge(challenge),
		canManage: canManage(user, challenge),
		facilitatorName: names.get(challenge.facilitatorId) ?? null,
		sponsorName: challenge.sponsorId ? (names.get(challenge.sponsorId) ?? null) : null,
		invitedTeams: challenge.invitedTeamIds
			.flatMap((id) => teamNames.get(id) ?? [])
			.sort((a, b) => a.localeCompare(b)),
		// Names when all are known, else only how many.
		invitedPeople: invitedPeople.every((name) => name !== undefined)
			? (invitedPeople as string[]).sort((a, b) => a.localeCompare(b))
			: invitedPeople.length,
		sessions: sessions
			.map((session: LiveSession, index) => ({
				id: session.id,
				number: index + 1,
				joinCode: session.joinCode,
				stage: session.stage,
				startedAt: summary.get(session.id)?.startedAt ?? null,
				people: summary.get(session.id)?.people ?? 0
			}))
			.reverse(),
		created: event.url.searchParams.get('created'),
		saved: event.url.searchParams.has('saved')
	};
};

export const actions: Actions = {
	/** Starts a live session in its lobby and takes the facilitator there. */
	start: async (event) => {
		const actor = requireUser(event);
		let sessionId: string;
		try {
			({ id: sessionId } = await startSession(appContext(), actor, event.params.id));
		} catch (cause) {
			return formFailure(cause, {}, { scope: 'start' });
		}
		redirect(303, `/s/${sessionId}`);
	},

	/** Opens a draft or closes an open challenge. */
	status: async (event) => {
		const actor = requireUser(event);
		const status = formText(await event.request.formData(), 'status');
		return scopedAction('status', {}, async () => {
			const challenge = await updateChallenge(appContext(), actor, event.params.id, { status });
			return {
				message:
					challenge.status === 'open'
						? 'The challenge is open: invited people can see it, and you can start live sessions.'
						: 'The challenge is closed. Its sessions and outcomes stay here to look back on.'
			};
		});
	}
};
