import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../challenges/queries.ts';
import type { Decided, TwoStepTransaction } from '../db/two-step.ts';
import { voteReceipts } from '../db/schema/index.ts';
import {
	decideVote,
	VOTE_ID_MESSAGE,
	VOTE_ID_PATTERN,
	type VoteRefusal
} from '../../shared/votes.ts';

export const castInput = z.strictObject({
	ideaId: z.string().min(1).max(64),
	delta: z.union([z.literal(1), z.literal(-1)], {
		error: 'Send delta 1 to add a dot or -1 to remove one.'
	}),
	voteId: z.string({ error: VOTE_ID_MESSAGE }).regex(VOTE_ID_PATTERN, VOTE_ID_MESSAGE).optional()
});

export interface Cast {
	voterId: string;
	/** The voter's team now; kept on the ballot when it is opened by the first dot. */
	teamId: string | null;
	ideaId: string;
	delta: 1 | -1;
	/** The client's key for this click: a cast whose voteId this voter's ballot counted is not counted again. */
	voteId?: string;
}

export type CastOutcome =
	| { ok: true; remaining: number; onIdea: number }
	| { ok: false; code: VoteRefusal | 'not_found' | 'vote_closed' | 'conflict'; message: string };

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
const REUSED = {
	ok: false,
	code: 'conflict',
	message: 'That voteId was already used for another dot. Send a fresh voteId with each click.'
} as const;

/** What the first statement of a batch finds: the vote's state and the voters' locked ballots. */
interface Opened {
	stage: string;
	revealed: boolean;
	budget: number;
	cap: number;
	known: string[];
	ballots: { voterId: string; budget: number; spent: number }[];
}

/** What the second statement of a batch finds: the voters' dots and the batch's receipts. */
interface Held {
	dots: Dot[];
	receipts: Receipt[];
}

interface Dot {
	voterId: string;
	ideaId: string;
	dots: number;
}

interface Moved {
	voterId: string;
	spent: number;
}

/** A counted cast, as its voteId's receipt remembers it. */
interface Receipt {
	voterId: string;
	voteId: string;
	ideaId: string;
	delta: 1 | -1;
}

/**
 * Applies casts to one session's ballots in one transaction and decides each in arrival order.
 *
 * Why it is exact under any concurrency: the session row is read `FOR SHARE`, so a stage change
 * or the reveal (which lock it `FOR UPDATE`) waits for this transaction, and a cast that commits
 * after them sees the vote closed — a cast is counted only if it committed while the vote was open.
 * The voters' ballot rows are locked in voter order (no deadlock between nodes) by the upsert that
 * opens them, so each voter's casts from every tab and node are decided one after another on the
 * latest committed dots; the database's check keeps `spent` within budget as a last line.
 *
 * A resent cast (same voter, same voteId) is answered with the voter's standing instead of counted
 * again. Its receipt is written with the dots and read only once the ballot's lock is held, so of
 * two copies racing on two nodes the second waits for the first to commit and then finds its
 * receipt; copies in one batch find the receipt the earlier one left in memory.
 *
 * Two round trips on a Postgres server whatever the batch size (begin, open and lock, then read
 * dots and receipts on a fresh snapshot; write, commit), with the batch passed as arrays: a
 * storm's cost is the rows it touches, not SQL text per cast.
 */
export function applyCasts(
	transact: TwoStepTransaction,
	sessionId: string,
	casts: Cast[]
): Promise<CastOutcome[]> {
	return transact([openBallots(sessionId, casts), readHeld(sessionId, casts)], (rows) => {
		const [found] = (rows[0] ?? []) as Opened[];
		const [held] = (rows[1] ?? []) as Held[];
		const known = new Set(found?.known ?? []);
		if (!found || found.stage !== 'vote' || found.revealed)
			return { result: casts.map((c) => (known.has(c.ideaId) ? CLOSED : NOT_FOUND)), writes: [] };
		return decideBatch(sessionId, casts, found, known, held);
	});
}

/** The batch's casts in arrival order on the locked ballots, and the one statement that keeps them. */
function decideBatch(
	sessionId: string,
	casts: Cast[],
	found: Opened,
	known: Set<string>,
	held: Held | undefined
): Decided<CastOutcome[]> {
	const ballotOf = new Map(found.ballots.map((b) => [b.voterId, { ...b, before: b.spent }]));
	const dotKey = (voterId: string, ideaId: string) => `${voterId} ${ideaId}`;
	// Dots and receipts were read under the ballots' locks; those of a voter without one are unused.
	const dots = new Map<string, number>();
	const receipts = new Map<string, Receipt>();
	for (const v of held?.dots ?? []) dots.set(dotKey(v.voterId, v.ideaId), v.dots);
	for (const r of held?.receipts ?? []) receipts.set(dotKey(r.voterId, r.voteId), r);

	const changed = new Map<string, Dot>();
	const counted: Receipt[] = [];
	const outcomes = casts.map((cast): CastOutcome => {
		if (!known.has(cast.ideaId)) return NOT_FOUND;
		const ballot = ballotOf.get(cast.voterId);
		const key = dotKey(cast.voterId, cast.ideaId);
		const receipt = cast.voteId && receipts.get(dotKey(cast.voterId, cast.voteId));
		// A receipt exists only on a ballot: this voter's, locked above.
		if (receipt && ballot) {
			if (receipt.ideaId !== cast.ideaId || receipt.delta !== cast.delta) return REUSED;
			return { ok: true, remaining: ballot.budget - ballot.spent, onIdea: dots.get(key) ?? 0 };
		}
		// No ballot means no dot was ever given: only a removal gets here, and it is refused.
		const state = ballot ?? { budget: found.budget, spent: 0 };
		const onIdea = ballot ? (dots.get(key) ?? 0) : 0;
		const decision = decideVote({ ...state, cap: found.cap, onIdea }, cast.delta);
		if (!decision.ok) return decision;
		if (!ballot) throw new Error('a dot was added without a ballot');
		ballot.spent = decision.spent;
		dots.set(key, decision.onIdea);
		changed.set(key, { voterId: cast.voterId, ideaId: cast.ideaId, dots: decision.onIdea });
		if (cast.voteId) {
			const { voterId, voteId, ideaId, delta } = cast;
			const counts = { voterId, voteId, ideaId, delta };
			receipts.set(dotKey(voterId, voteId), counts);
			counted.push(counts);
		}
		return { ok: true, remaining: ballot.budget - decision.spent, onIdea: decision.onIdea };
	});

	const moved = [...ballotOf.values()].filter((b) => b.spent !== b.before);
	const writes = changed.size ? [writeDots(sessionId, moved, [...changed.values()], counted)] : [];
	return { result: outcomes, writes };
}

/**
 * Reads the vote's state `FOR SHARE` and locks the batch's ballots, opening one for each voter who
 * adds a dot on an idea of this vote, in one statement. `on conflict do update` locks an existing
 * ballot and returns its latest committed row; a voter who only removes dots is locked if a
 * ballot is seen (one opened since cannot hold a dot this batch was sent after).
 */
function openBallots(sessionId: string, casts: Cast[]) {
	const column = <T>(pick: (c: Cast) => T) => sql.param(casts.map(pick));
	return sql`
		with s as (
			select ls.stage, ls.votes_revealed_at is not null as revealed,
				c.vote_budget as budget, c.vote_cap as cap
			from live_sessions ls join challenges c on c.id = ls.challenge_id
			where ls.id = ${sessionId}
			for share of ls
		), known as (
			select id from ideas where session_id = ${sessionId}
				and id = any(${column((c) => c.ideaId)}::text[])
		), voters as (
			select c.voter_id, (array_agg(c.team_id order by c.n))[1] as team_id,
				bool_or(c.delta = 1) as adds
			from unnest(${column((c) => c.voterId)}::text[], ${column((c) => c.teamId)}::text[],
				${column((c) => c.ideaId)}::text[], ${column((c) => c.delta)}::int[])
				with ordinality as c(voter_id, team_id, idea_id, delta, n)
			where c.idea_id in (select id from known)
			group by c.voter_id
		), opened as (
			insert into ballots (session_id, voter_id, team_id, budget)
			select ${sessionId}, v.voter_id, v.team_id, s.budget from voters v, s
			where s.stage = 'vote' and not s.revealed and (v.adds or exists (
				select 1 from ballots b where b.session_id = ${sessionId} and b.voter_id = v.voter_id))
			order by v.voter_id
			on conflict (session_id, voter_id) do update set spent = ballots.spent
			returning voter_id as "voterId", budget, spent
		)
		select s.stage, s.revealed, s.budget, s.cap,
			array(select id from known) as known,
			coalesce((select json_agg(opened) from opened), '[]'::json) as ballots
		from s`;
}

/**
 * The batch's voters' dots per idea, and the receipts of the batch's voteIds among them. Run after
 * `openBallots` in the same transaction, on a fresh snapshot: what it reads of a locked voter is
 * the latest committed.
 */
function readHeld(sessionId: string, casts: Cast[]) {
	const voterIds = [...new Set(casts.map((c) => c.voterId))];
	const resent = casts.filter((c) => c.voteId);
	return sql`
		select
			coalesce((select json_agg(json_build_object(
					'voterId', v.voter_id, 'ideaId', v.idea_id, 'dots', v.dots))
				from votes v where v.session_id = ${sessionId}
					and v.voter_id = any(${sql.param(voterIds)}::text[])), '[]'::json) as dots,
			coalesce((select json_agg(json_build_object('voterId', r.voter_id, 'voteId', r.vote_id,
					'ideaId', r.idea_id, 'delta', r.delta))
				from vote_receipts r
				join unnest(${sql.param(resent.map((c) => c.voterId))}::text[],
					${sql.param(resent.map((c) => c.voteId))}::text[]) as k(voter_id, vote_id)
					on r.voter_id = k.voter_id and r.vote_id = k.vote_id
				where r.session_id = ${sessionId}), '[]'::json) as receipts`;
}

/** The batch's result in one statement: the voters' new `spent`, their dots and the receipts. */
function writeDots(sessionId: string, moved: Moved[], changed: Dot[], counted: Receipt[]) {
	const column = <T>(pick: (r: Receipt) => T) => sql.param(counted.map(pick));
	return sql`
		with spent as (
			update ballots set spent = m.spent
			from unnest(${sql.param(moved.map((b) => b.voterId))}::text[],
				${sql.param(moved.map((b) => b.spent))}::int[]) as m(voter_id, spent)
			where ballots.session_id = ${sessionId} and ballots.voter_id = m.voter_id
		), receipts as (
			insert into vote_receipts (session_id, voter_id, vote_id, idea_id, delta)
			select ${sessionId}, r.voter_id, r.vote_id, r.idea_id, r.delta
			from unnest(${column((r) => r.voterId)}::text[], ${column((r) => r.voteId)}::text[],
				${column((r) => r.ideaId)}::text[], ${column((r) => r.delta)}::int[])
				as r(voter_id, vote_id, idea_id, delta)
		)
		insert into votes (session_id, idea_id, voter_id, dots)
		select ${sessionId}, d.idea_id, d.voter_id, d.dots
		from unnest(${sql.param(changed.map((v) => v.ideaId))}::text[],
			${sql.param(changed.map((v) => v.voterId))}::text[],
			${sql.param(changed.map((v) => v.dots))}::int[]) as d(idea_id, voter_id, dots)
		on conflict (idea_id, voter_id) do update set dots = excluded.dots, updated_at = now()`;
}

/**
 * Drops a session's receipts once its vote is closed for good (revealed, or the session ended):
 * every later cast is refused as late before any receipt is read, so none is needed again. Run
 * in the transaction that closes the vote, so a vote that can still reopen never loses them.
 */
export async function dropReceipts(tx: DbOrTx, sessionId: string): Promise<void> {
	await tx.delete(voteReceipts).where(eq(voteReceipts.sessionId, sessionId));
}
