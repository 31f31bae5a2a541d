import { appContext } from '$lib/server/context';
import { requireUser } from '$lib/server/guards';
import { canCreateChallenge } from '$lib/server/challenges/access';
import { calendar } from '$lib/server/challenges/calendar';
import { commitmentsOf } from '$lib/server/commitments/reads';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const ctx = appContext();
	const [quarters, owned, sponsored] = await Promise.all([
		calendar(ctx, user),
		commitmentsOf(ctx, user, 'owner'),
		commitmentsOf(ctx, user, 'sponsor')
	]);
	// Open challenges only, with the sessions people can still walk into.
	const challenges = quarters
		.flatMap((quarter) => quarter.entries)
		.filter((entry) => entry.challenge.status === 'open')
		.map(({ challenge, sessions }) => ({
			id: challenge.id,
			title: challenge.title,
			question: challenge.question,
			quarter: challenge.quarter,
			sessions: sessions
				.filter((session) => session.stage !== 'closed')
				.map(({ id, stage, startedAt }) => ({ id, stage, startedAt }))
		}));
	return { user, canCreate: canCreateChallenge(user), challenges, owned, sponsored };
};
