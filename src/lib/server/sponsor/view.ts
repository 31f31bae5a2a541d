import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { commitments, follows } from '../db/schema/index.ts';
import { requireUser } from '../auth/access.ts';
import { canView, type ChallengeWithOwner } from '../challenges/access.ts';
import { loadAllChallenges } from '../challenges/queries.ts';
import { commitmentsOf, peopleNamed, type CommitmentListItem } from '../commitments/reads.ts';
import { loadCommitments, toCommitment } from '../commitments/queries.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { EMPTY_FUNNEL, type FunnelCounts } from '../../shared/funnel.ts';
import { byAttention } from '../../shared/sponsor.ts';
import { funnelCounts } from './funnel.ts';

export type Relation = 'sponsor' | 'follower';

export interface SponsorView {
	challenges: {
		id: string;
		title: string;
		quarter: string;
		status: string;
		relation: Relation;
		funnel: FunnelCounts;
	}[];
	quarters: { quarter: string; funnel: FunnelCounts }[];
	/** Blocked, overdue and stale first (shared/sponsor.ts). */
	commitments: (CommitmentListItem & { relation: Relation })[];
}

/** What a sponsor watches: what they sponsor or follow, the work that needs them first. */
export async function sponsorView(ctx: AppContext, actor: PublicUser | null): Promise<SponsorView> {
	const user = requireUser(actor);
	const [all, followed] = await Promise.all([
		loadAllChallenges(ctx.db),
		ctx.db
			.select({ id: follows.targetId })
			.from(follows)
			.where(and(eq(follows.userId, user.id), eq(follows.targetKind, 'challenge')))
	]);
	const followedIds = new Set(followed.map((f) => f.id));
	const watched = all
		.filter((c) => canView(user, c) && (c.sponsorId === user.id || followedIds.has(c.id)))
		.sort((a, b) => b.quarter.localeCompare(a.quarter) || a.title.localeCompare(b.title));
	const ids = watched.map((c) => c.id);
	const [byChallenge, byQuarter, items] = await Promise.all([
		funnelCounts(ctx.db, 'challenge', ids),
		funnelCounts(ctx.db, 'quarter', ids),
		watchedCommitments(
			ctx,
			user,
			watched.filter((c) => c.sponsorId === user.id)
		)
	]);
	return {
		challenges: watched.map((c) => ({
			id: c.id,
			title: c.title,
			quarter: c.quarter,
			status: c.status,
			relation: c.sponsorId === user.id ? 'sponsor' : 'follower',
			funnel: byChallenge.get(c.id) ?? { ...EMPTY_FUNNEL }
		})),
		quarters: [...new Set(watched.map((c) => c.quarter))].map((quarter) => ({
			quarter,
			funnel: byQuarter.get(quarter) ?? { ...EMPTY_FUNNEL }
		})),
		commitments: items
	};
}

/** Commitments they sponsor, follow, or that belong to a challenge they sponsor; once each. */
async function watchedCommitments(
	ctx: AppContext,
	user: PublicUser,
	sponsoredChallenges: ChallengeWithOwner[]
): Promise<(CommitmentListItem & { relation: Relation })[]> {
	const [sponsored, following, inChallenges] = await Promise.all([
		commitmentsOf(ctx, user, 'sponsor'),
		commitmentsOf(ctx, user, 'follower'),
		sponsoredChallenges.length === 0
			? Promise.resolve([])
			: challengeCommitments(ctx, user, sponsoredChallenges)
	]);
	const seen = new Map<string, CommitmentListItem & { relation: Relation }>();
	for (const item of [...sponsored, ...inChallenges])
		seen.set(item.commitment.id, { ...item, relation: 'sponsor' });
	for (const item of following)
		if (!seen.has(item.commitment.id))
			seen.set(item.commitment.id, { ...item, relation: 'follower' });
	return [...seen.values()].sort((a, b) => byAttention(a.commitment, b.commitment));
}

async function challengeCommitments(
	ctx: AppContext,
	user: PublicUser,
	challenges: ChallengeWithOwner[]
): Promise<CommitmentListItem[]> {
	const byId = new Map(challenges.map((c) => [c.id, c]));
	const stored = await loadCommitments(ctx.db, inArray(commitments.challengeId, [...byId.keys()]));
	const names = await peopleNamed(
		ctx,
		stored.map((s) => s.row.ownerId)
	);
	const now = Date.now();
	return stored.map((s) => {
		const challenge = byId.get(s.row.challengeId)!;
		return {
			commitment: toCommitment(s, user.id, challenge.anonymousNotes, now),
			challengeTitle: challenge.title,
			ownerName: names[s.row.ownerId]?.name ?? 'Someone'
		};
	});
}
