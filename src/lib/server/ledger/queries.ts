import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../challenges/queries.ts';
import {
	attendance,
	ballots,
	challenges,
	commitments,
	ideaNotes,
	ideas,
	liveSessions,
	stageRuns,
	valueRecords,
	votes
} from '../db/schema/index.ts';
import type { ChallengeWithOwner } from '../challenges/access.ts';
import { commitmentValue, facilitationTopUpMs, type ValueClaim } from '../../shared/ledger.ts';

/** Time spent per challenge, before it is priced. */
export interface ChallengeTime {
	presentMs: number;
	facilitationMs: number;
}

/**
 * Minutes present from attendance, and per session the facilitator's top-up to the session's
 * running time: first stage start to the `closed` stage's start (or now, while it runs).
 * Summed in Postgres: a large organisation's quarters hold tens of thousands of attendance rows,
 * and the ledger needs only their sums.
 */
export async function timeByChallenge(
	db: DbOrTx,
	scope: readonly ChallengeWithOwner[],
	now: Date
): Promise<Map<string, ChallengeTime>> {
	const result = new Map<string, ChallengeTime>(
		scope.map((c) => [c.id, { presentMs: 0, facilitationMs: 0 }])
	);
	if (scope.length === 0) return result;
	const inScope = inArray(
		liveSessions.challengeId,
		scope.map((c) => c.id)
	);
	// Two aggregates instead of one grouped by session: summing per challenge is a hash over a
	// few hundred groups, and the facilitator's own rows are found through the attendance key,
	// so the tens of thousands of attendance rows are never sorted by session.
	const [present, facilitator, spans] = await Promise.all([
		db
			.select({
				challengeId: liveSessions.challengeId,
				presentMs: sql<number>`sum(${attendance.presentMs})`.mapWith(Number)
			})
			.from(attendance)
			.innerJoin(liveSessions, eq(liveSessions.id, attendance.sessionId))
			.where(inScope)
			.groupBy(liveSessions.challengeId),
		db
			.select({ sessionId: attendance.sessionId, presentMs: attendance.presentMs })
			.from(liveSessions)
			.innerJoin(challenges, eq(challenges.id, liveSessions.challengeId))
			.innerJoin(
				attendance,
				and(
					eq(attendance.sessionId, liveSessions.id),
					eq(attendance.userId, challenges.facilitatorId)
				)
			)
			.where(inScope),
		db
			.select({
				sessionId: stageRuns.sessionId,
				challengeId: liveSessions.challengeId,
				spanMs: sql<number>`extract(epoch from (
					coalesce(min(${stageRuns.startedAt}) filter (where ${stageRuns.stage} = 'closed'), ${now})
					- min(${stageRuns.startedAt}))) * 1000`.mapWith(Number)
			})
			.from(stageRuns)
			.innerJoin(liveSessions, eq(liveSessions.id, stageRuns.sessionId))
			.where(inScope)
			.groupBy(stageRuns.sessionId, liveSessions.challengeId)
	]);
	for (const row of present) result.get(row.challengeId)!.presentMs += row.presentMs;
	const facilitatorPresent = new Map(facilitator.map((row) => [row.sessionId, row.presentMs]));
	for (const { sessionId, challengeId, spanMs } of spans) {
		result.get(challengeId)!.facilitationMs += facilitationTopUpMs(
			facilitatorPresent.get(sessionId) ?? 0,
			Math.max(0, Math.round(spanMs))
		);
	}
	return result;
}

const claimColumns = {
	commitmentId: valueRecords.commitmentId,
	amountMinor: valueRecords.amountMinor,
	status: valueRecords.status,
	createdAt: valueRecords.createdAt
};

function toClaim(row: {
	amountMinor: number | null;
	status: ValueClaim['status'];
	createdAt: Date;
}) {
	return { amountMinor: row.amountMinor, status: row.status, createdAt: row.createdAt.getTime() };
}

/** The commitments of the scope's challenges. */
function commitmentsOf(scope: readonly ChallengeWithOwner[]) {
	return inArray(
		commitments.challengeId,
		scope.map((c) => c.id)
	);
}

export type Money = { confirmedMinor: number; expectedMinor: number };

/**
 * Confirmed and expected money per challenge of the scope, for the chart over quarters: only the
 * value records are read (one per delivery, roughly), not the lines with their authors and voters.
 */
export async function valueByChallenge(
	db: DbOrTx,
	scope: readonly ChallengeWithOwner[]
): Promise<Map<string, Money>> {
	const result = new Map<string, Money>();
	if (scope.length === 0) return result;
	const claims = await db
		.select({
			...claimColumns,
			challengeId: commitments.challengeId,
			dropped: sql<boolean>`${commitments.status} = 'dropped'`
		})
		.from(valueRecords)
		.innerJoin(commitments, eq(commitments.id, valueRecords.commitmentId))
		.where(commitmentsOf(scope));
	for (const own of group(claims, (c) => c.commitmentId).values()) {
		const { challengeId, dropped } = own[0]!;
		const value = commitmentValue(own.map(toClaim), dropped);
		const sum = result.get(challengeId) ?? { confirmedMinor: 0, expectedMinor: 0 };
		sum.confirmedMinor += value.confirmedMinor;
		sum.expectedMinor += value.expectedMinor;
		result.set(challengeId, sum);
	}
	return result;
}

/** One commitment and its value: what the ledger's totals count. */
export interface LedgerValue {
	commitmentId: string;
	title: string;
	status: string;
	challengeId: string;
	confirmedMinor: number;
	expectedMinor: number;
	ideaId: string;
	ideaTitle: string;
	sessionId: string;
}

/** A ledger value with every id it traces to: the idea's authors and their teams, its voters' teams. */
export interface LedgerLine extends LedgerValue {
	authorIds: string[];
	authorTeamIds: string[];
	voterTeamIds: string[];
}

/** The commitments of the scope with their value, oldest first. */
export async function ledgerValues(
	db: DbOrTx,
	scope: readonly ChallengeWithOwner[]
): Promise<LedgerValue[]> {
	if (scope.length === 0) return [];
	const rows = await db
		.select({
			commitmentId: commitments.id,
			title: commitments.title,
			status: commitments.status,
			challengeId: commitments.challengeId,
			ideaId: commitments.ideaId,
			ideaTitle: ideas.title,
			sessionId: commitments.sessionId
		})
		.from(commitments)
		.innerJoin(ideas, eq(ideas.id, commitments.ideaId))
		.where(commitmentsOf(scope))
		.orderBy(commitments.createdAt, commitments.id);
	if (rows.length === 0) return [];
	const claims = await db
		.select(claimColumns)
		.from(valueRecords)
		.where(
			inArray(
				valueRecords.commitmentId,
				rows.map((r) => r.commitmentId)
			)
		);
	const claimsOf = group(claims, (c) => c.commitmentId);
	return rows.map((r) => ({
		...r,
		...commitmentValue((claimsOf.get(r.commitmentId) ?? []).map(toClaim), r.status === 'dropped')
	}));
}

/**
 * Traces `values` of the scope to their ideas' authors and voters, so a page that shows a few of
 * a quarter's lines traces only those. Authors stay hidden on anonymous challenges.
 */
export async function traceLines(
	db: DbOrTx,
	scope: readonly ChallengeWithOwner[],
	values: readonly LedgerValue[]
): Promise<LedgerLine[]> {
	if (values.length === 0) return [];
	const anonymous = new Set(scope.filter((c) => c.anonymousNotes).map((c) => c.id));
	const ideaIds = [...new Set(values.map((v) => v.ideaId))];
	const [authors, voters] = await Promise.all([
		db
			.selectDistinct({
				ideaId: ideaNotes.ideaId,
				authorId: ideaNotes.authorId,
				teamId: ideaNotes.teamId
			})
			.from(ideaNotes)
			.where(inArray(ideaNotes.ideaId, ideaIds)),
		db
			.selectDistinct({ ideaId: votes.ideaId, teamId: ballots.teamId })
			.from(votes)
			.innerJoin(
				ballots,
				and(eq(ballots.sessionId, votes.sessionId), eq(ballots.voterId, votes.voterId))
			)
			.where(and(inArray(votes.ideaId, ideaIds), gt(votes.dots, 0)))
	]);
	const authorsOf = group(authors, (a) => a.ideaId);
	const votersOf = group(voters, (v) => v.ideaId);
	return values.map((v) => {
		const ideaAuthors = anonymous.has(v.challengeId) ? [] : (authorsOf.get(v.ideaId) ?? []);
		return {
			...v,
			authorIds: distinct(ideaAuthors.map((a) => a.authorId)),
			authorTeamIds: distinct(ideaAuthors.map((a) => a.teamId)),
			voterTeamIds: distinct((votersOf.get(v.ideaId) ?? []).map((t) => t.teamId))
		};
	});
}

function group<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
	const map = new Map<string, T[]>();
	for (const item of items) {
		const own = map.get(key(item));
		// Pushing, not spreading: a quarter's thousands of rows would be copied once per row.
		if (own) own.push(item);
		else map.set(key(item), [item]);
	}
	return map;
}

function distinct(ids: (string | null)[]): string[] {
	return [...new Set(ids.filter((id): id is string => id !== null))].sort();
}
