import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { ballots, challenges, ideas, liveSessions, votes } from '../db/schema/index.ts';
import { decideVote, type VoteRefusal } from '../../shared/votes.ts';

export const castInput = z.strictObject({
	ideaId: z.string().min(1).max(64),
	delta: z.union([z.literal(1), z.literal(-1)], {
		error: 'Send delta 1 to add a dot or -1 to remove one.'
	})
});

export interface Cast {
	voterId: string;
	/** The voter's team now; kept on the ballot when it is opened by the first dot. */
	teamId: string | null;
	ideaId: string;
	delta: 1 | -1;
}

export type CastOutcome =
	| { ok: true; remaining: number; onIdea: number }
	| { ok: false; code: VoteRefusal | 'not_found' | 'vote_closed'; message: string };

const NOT_FOUND = {
	ok: false,
	code: 'not_found',
	message: 'That idea is not part of this vote.'
} as const;
const CLOSED = {
	ok: false,
	code: 'vote_closed',
	message: 'The vote is closed: dots can no longer change.'
} as const;

/**
 * Applies casts to one session's ballots in one transaction and decides each in arrival order.
 *
 * Why it is exact under any concurrency: the session row is read `FOR SHARE`, so a stage change
 * or the reveal (which lock it `FOR UPDATE`) waits for this transaction, and a cast that commits
 * after them sees the vote closed — a cast is counted only if it committed while the vote was open.
 * The voters' ballot rows are locked `FOR UPDATE` in voter order (no deadlock between nodes),
 * so each voter's casts from every tab and node are decided one after another on the latest
 * committed dots; the database's check keeps `spent` within budget as a last line.
 */
export async function applyCasts(db: Db, sessionId: string, casts: Cast[]): Promise<CastOutcome[]> {
	return db.transaction(async (tx) => {
		const asked = [...new Set(casts.map((c) => c.ideaId))];
		const [session] = await tx
			.select({
				stage: liveSessions.stage,
				revealedAt: liveSessions.votesRevealedAt,
				budget: challenges.voteBudget,
				cap: challenges.voteCap,
				// In the same round trip: which of the ideas asked about belong to this session.
				known: sql<string[]>`array(${tx
					.select({ id: ideas.id })
					.from(ideas)
					.where(and(eq(ideas.sessionId, sessionId), inArray(ideas.id, asked)))})`
			})
			.from(liveSessions)
			.innerJoin(challenges, eq(challenges.id, liveSessions.challengeId))
			.where(eq(liveSessions.id, sessionId))
			.for('share', { of: liveSessions });
		const known = new Set(session?.known ?? []);
		const open = session && session.stage === 'vote' && session.revealedAt === null;
		const valid = casts.filter((c) => known.has(c.ideaId));
		if (!session || !open || !valid.length)
			return casts.map((c) => (known.has(c.ideaId) ? CLOSED : NOT_FOUND));

		// Each voter's team as their first cast of the batch says, and whether they add a dot.
		const voters = new Map<string, { teamId: string | null; adds: boolean }>();
		for (const c of valid) {
			const voter = voters.get(c.voterId) ?? { teamId: c.teamId, adds: false };
			voter.adds ||= c.delta === 1;
			voters.set(c.voterId, voter);
		}
		const voterIds = [...voters.keys()].sort();
		const opening = voterIds
			.filter((id) => voters.get(id)!.adds)
			.map((voterId) => ({
				sessionId,
				voterId,
				teamId: voters.get(voterId)!.teamId,
				budget: session.budget
			}));
		if (opening.length) await tx.insert(ballots).values(opening).onConflictDoNothing();
		const held = await tx
			.select({ voterId: ballots.voterId, budget: ballots.budget, spent: ballots.spent })
			.from(ballots)
			.where(and(eq(ballots.sessionId, sessionId), inArray(ballots.voterId, voterIds)))
			.orderBy(ballots.voterId)
			.for('update');
		const ballotOf = new Map(held.map((b) => [b.voterId, { ...b, before: b.spent }]));
		const dots = new Map<string, number>();
		const dotKey = (voterId: string, ideaId: string) => `${voterId} ${ideaId}`;
		for (const v of await tx
			.select({ voterId: votes.voterId, ideaId: votes.ideaId, dots: votes.dots })
			.from(votes)
			.where(and(eq(votes.sessionId, sessionId), inArray(votes.voterId, voterIds))))
			dots.set(dotKey(v.voterId, v.ideaId), v.dots);

		const changed = new Map<string, { voterId: string; ideaId: string; dots: number }>();
		const outcomes = casts.map((cast): CastOutcome => {
			if (!known.has(cast.ideaId)) return NOT_FOUND;
			const ballot = ballotOf.get(cast.voterId);
			const key = dotKey(cast.voterId, cast.ideaId);
			const onIdea = dots.get(key) ?? 0;
			// No ballot means no dot was ever given: only a removal gets here.
			const state = ballot ?? { budget: session.budget, spent: 0 };
			const decision = decideVote({ ...state, cap: session.cap, onIdea }, cast.delta);
			if (!decision.ok) return decision;
			ballot!.spent = decision.spent;
			dots.set(key, decision.onIdea);
			changed.set(key, { voterId: cast.voterId, ideaId: cast.ideaId, dots: decision.onIdea });
			return {
				ok: true,
				remaining: ballot!.budget - decision.spent,
				onIdea: decision.onIdea
			};
		});

		const moved = [...ballotOf.values()].filter((b) => b.spent !== b.before);
		if (moved.length) {
			const spent = sql.join(
				moved.map((b) => sql`when ${b.voterId} then ${b.spent}::integer`),
				sql` `
			);
			const ids = moved.map((b) => b.voterId);
			await tx
				.update(ballots)
				.set({ spent: sql`case ${ballots.voterId} ${spent} end` })
				.where(and(eq(ballots.sessionId, sessionId), inArray(ballots.voterId, ids)));
		}
		if (changed.size) {
			await tx
				.insert(votes)
				.values([...changed.values()].map((v) => ({ sessionId, ...v })))
				.onConflictDoUpdate({
					target: [votes.ideaId, votes.voterId],
					set: { dots: sql`excluded.dots`, updatedAt: sql`now()` }
				});
		}
		return outcomes;
	});
}
