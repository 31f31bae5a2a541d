import { appContext } from '$lib/server/context';
import { requireUser } from '$lib/server/guards';
import { canCreateChallenge } from '$lib/server/challenges/access';
import { calendar } from '$lib/server/challenges/calendar';
import { listTeams } from '$lib/server/teams/service';
import { quarterOf } from '$lib/shared/challenges';
import type { PageServerLoad } from './$types';

/** The white space calendar: every challenge the user may see, by quarter, newest first. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const ctx = appContext();
	const [quarters, teams] = await Promise.all([calendar(ctx, user), listTeams(ctx)]);
	const teamNames = new Map(teams.map((team) => [team.id, team.name]));
	return {
		canCreate: canCreateChallenge(user),
		currentQuarter: quarterOf(new Date()),
		quarters: quarters.map(({ quarter, entries }) => ({
			quarter,
			entries: entries.map(({ challenge, sessions, outcomes }) => ({
				id: challenge.id,
				title: challenge.title,
				question: challenge.question,
				status: challenge.status,
				quarter: challenge.quarter,
				audience: challenge.audience,
				invitedTeams: challenge.invitedTeamIds
					.flatMap((id) => teamNames.get(id) ?? [])
					.sort((a, b) => a.localeCompare(b)),
				invitedPeople: challenge.invitedUserIds.length,
				sessions,
				outcomes
			}))
		}))
	};
};
