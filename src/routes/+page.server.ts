import { appContext } from '$lib/server/context';
import { requireUser } from '$lib/server/guards';
import { canCreateChallenge } from '$lib/server/challenges/access';
import { summarizeSessions } from '$lib/server/challenges/calendar';
import { listChallenges } from '$lib/server/challenges/service';
import { commitmentsOf } from '$lib/server/commitments/reads';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const ctx = appContext();
	// Open challenges only, with the sessions people can still walk into: the years of closed
	// ones behind them are the calendar's, and summarising their sessions here would cost the most.
	const [open, owned, sponsored] = await Promise.all([
		listChallenges(ctx, user).then((all) => all.filter((c) => c.status === 'open')),
		commitmentsOf(ctx, user, 'owner'),
		commitmentsOf(ctx, user, 'sponsor')
	]);
	const sessions = await summarizeSessions(
		ctx,
		open.map((c) => c.id)
	);
	const challenges = open.map((challenge) => ({
		id: challenge.id,
		title: challenge.title,
		question: challenge.question,
		quarter: challenge.quarter,
		sessions: (sessions.get(challenge.id) ?? [])
			.filter((session) => session.stage !== 'closed')
			.map(({ id, stage, startedAt }) => ({ id, stage, startedAt }))
	}));
	return { user, canCreate: canCreateChallenge(user), challenges, owned, sponsored };
};
