import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { commitments, follows } from '../db/schema/index.ts';
import { requireUser } from '../auth/access.ts';
import { canView, type ChallengeWithOwner } from '../challenges/access.ts';
import { loadAllChallenges } from '../challenges/queries.ts';
import { peopleNamed, type CommitmentListItem } from '../commitments/reads.ts';
import { loadCommitments, toCommitment } from '../commitments/queries.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { EMPTY_FUNNEL, type FunnelCounts } from '../../shared/funnel.ts';
import { parseInput } from '../../shared/validate.ts';
import { pageOf, type PageInfo } from '../../shared/paging.ts';
import { sponsorQuery } from '../../shared/sponsor-input.ts';
import { funnelCounts } from './funnel.ts';
import { watchedCommitments, type Relation, type WatchedCommitment } from './watched.ts';

export type { Relation };

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
	/** One page of the watched commitments, blocked, overdue and stale first (shared/sponsor.ts). */
	commitments: (CommitmentListItem & { relation: Relation })[];
	/** `total` is every watched commitment, over all pages. */
	page: PageInfo;
}

/** What a sponsor watches: what they sponsor or follow, the work that needs them first. */
export async function sponsorView(
	ctx: AppContext,
	actor: PublicUser | null,
	query: unknown = {}
): Promise<SponsorView> {
	const user = requireUser(actor);
	const { page } = parseInput(sponsorQuery, query);
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
		watchedCommitments(ctx, user, all)
	]);
	const shown = pageOf(items, page);
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
		commitments: await listItems(ctx, user, shown.items, all),
		page: shown.page
	};
}

/** The page's commitments in full, in the order they were sorted. */
async function listItems(
	ctx: AppContext,
	user: PublicUser,
	shown: WatchedCommitment[],
	challenges: ChallengeWithOwner[]
): Promise<(CommitmentListItem & { relation: Relation })[]> {
	if (shown.length === 0) return [];
	const byId = new Map(challenges.map((c) => [c.id, c]));
	const stored = await loadCommitments(
		ctx.db,
		inArray(
			commitments.id,
			shown.map((w) => w.id)
		)
	);
	const names = await peopleNamed(
		ctx,
		stored.map((s) => s.row.ownerId)
	);
	const full = new Map(stored.map((s) => [s.row.id, s]));
	const now = Date.now();
	return shown.flatMap(({ id, relation }) => {
		const s = full.get(id);
		if (!s) return [];
		const challenge = byId.get(s.row.challengeId)!;
		return [
			{
				commitment: toCommitment(s, user.id, challenge.anonymousNotes, now),
				challengeTitle: challenge.title,
				ownerName: names[s.row.ownerId]?.name ?? 'Someone',
				relation
			}
		];
	});
}
