import { eq, inArray, or, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { commitments } from '../db/schema/index.ts';
import { canView, type ChallengeWithOwner } from '../challenges/access.ts';
import { followedBy } from '../commitments/reads.ts';
import { readOrgSettings } from '../settings/org.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { commitmentFlags, type CommitmentFlag } from '../../shared/commitments.ts';
import { byAttention } from '../../shared/sponsor.ts';

export type Relation = 'sponsor' | 'follower';

/** What the sponsor view sorts by, and nothing more: a sponsor may watch thousands. */
export interface WatchedCommitment {
	id: string;
	challengeId: string;
	title: string;
	dueDate: string;
	flags: CommitmentFlag[];
	relation: Relation;
}

/**
 * Every commitment the person sponsors, follows, contributed to, or that belongs to a challenge
 * they sponsor or follow, once each, what needs them first (shared/sponsor.ts). A follow outlives
 * access, so a followed commitment is listed only while its challenge is visible to them or they
 * contributed to it. `challenges` is every challenge, for that check.
 */
export async function watchedCommitments(
	ctx: AppContext,
	user: PublicUser,
	challenges: readonly ChallengeWithOwner[]
): Promise<WatchedCommitment[]> {
	const byId = new Map(challenges.map((c) => [c.id, c]));
	const sponsored = new Set(challenges.filter((c) => c.sponsorId === user.id).map((c) => c.id));
	const [rows, settings] = await Promise.all([
		ctx.db
			.select({
				id: commitments.id,
				challengeId: commitments.challengeId,
				title: commitments.title,
				status: commitments.status,
				dueDate: commitments.dueDate,
				createdAt: commitments.createdAt,
				sponsorId: commitments.sponsorId,
				lastCheckInAt: sql<number | null>`(select extract(epoch from max(ci.created_at)) * 1000
					from check_ins ci where ci.commitment_id = ${commitments.id})`.mapWith(Number),
				contributed: sql<boolean>`exists (select 1 from commitment_contributors cc
					where cc.commitment_id = ${commitments.id} and cc.user_id = ${user.id})`
			})
			.from(commitments)
			.where(
				or(
					eq(commitments.sponsorId, user.id),
					sponsored.size ? inArray(commitments.challengeId, [...sponsored]) : undefined,
					followedBy(ctx, user.id)
				)
			),
		readOrgSettings(ctx.db)
	]);
	const now = Date.now();
	const watched: WatchedCommitment[] = [];
	for (const row of rows) {
		const relation: Relation =
			row.sponsorId === user.id || sponsored.has(row.challengeId) ? 'sponsor' : 'follower';
		const challenge = byId.get(row.challengeId);
		if (relation === 'follower' && !row.contributed && !(challenge && canView(user, challenge)))
			continue;
		const flags = commitmentFlags(
			{ ...row, createdAt: row.createdAt.getTime() },
			now,
			settings.staleAfterDays
		);
		watched.push({
			id: row.id,
			challengeId: row.challengeId,
			title: row.title,
			dueDate: row.dueDate,
			flags,
			relation
		});
	}
	return watched.sort(byAttention);
}
