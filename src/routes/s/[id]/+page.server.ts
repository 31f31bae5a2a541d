import { error } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { formFailure, requireUser } from '$lib/server/guards';
import { toPublicChallenge } from '$lib/server/challenges/service';
import { listParticipants } from '$lib/server/sessions/presence';
import { admissionStatus, authorizeSession } from '$lib/server/sessions/access';
import { requestToJoin, waitingFor } from '$lib/server/sessions/admissions';
import { sessionState } from '$lib/server/sessions/lifecycle';
import { sessionRecord } from '$lib/server/sessions/record';
import { listTeams } from '$lib/server/teams/service';
import { countWritten } from '$lib/server/board/store';
import { isDomainError } from '$lib/shared/errors';
import type { Actions, PageServerLoad } from './$types';

/**
 * The live session as it stands, so the first paint shows the server's stage, timer and people
 * before the socket joins; or, for someone the challenge does not admit, only that they may ask.
 */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const ctx = appContext();
	const sessionId = event.params.id;
	try {
		const access = await authorizeSession(ctx, user, sessionId);
		const { row, challenge, role } = access;
		const [participants, teams, waiting, record, written] = await Promise.all([
			listParticipants(ctx, sessionId),
			listTeams(ctx),
			waitingFor(ctx, access),
			row.stage === 'closed' ? sessionRecord(ctx, row) : null,
			challenge.privateWriting ? countWritten(ctx.db, row.boardId) : 0
		]);
		const { title, question, whyItMatters, anonymousNotes, privateWriting } =
			toPublicChallenge(challenge);
		const { session, timer } = sessionState(row);
		return {
			access: 'granted' as const,
			challenge: { title, question, whyItMatters, anonymousNotes, privateWriting },
			written,
			// The board takes the whole window (see +layout.svelte); an ended session is a page.
			fullBleed: !record,
			session,
			timer,
			role,
			participants,
			waiting,
			record,
			teamNames: Object.fromEntries(teams.map((team) => [team.id, team.name]))
		};
	} catch (cause) {
		if (!isDomainError(cause)) throw cause;
		if (cause.code === 'not_found') {
			error(404, { message: 'That session does not exist.', code: 'not_found' });
		}
		if (cause.code !== 'not_invited') throw cause;
		// Nothing about the challenge: only whether this person has already asked to join.
		const asked = (await admissionStatus(ctx, sessionId, user.id)) === 'waiting';
		return { access: 'not_invited' as const, sessionId, asked };
	}
};

export const actions: Actions = {
	ask: async (event) => {
		const user = requireUser(event);
		try {
			await requestToJoin(appContext(), user, event.params.id);
			return { asked: true };
		} catch (cause) {
			return formFailure(cause, {});
		}
	}
};
