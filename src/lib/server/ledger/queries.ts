import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../challenges/queries.ts';
import {
	attendance,
	ballots,
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
	const facilitatorOf = new Map(scope.map((c) => [c.id, c.facilitatorId]));
	const sessions = await db
		.select({ id: liveSessions.id, challengeId: liveSessions.challengeId })
		.from(liveSessions)
		.where(
			inArray(
				liveSessions.challengeId,
				scope.map((c) => c.id)
			)
		);
	if (sessions.length === 0) return result;
	const sessionIds = sessions.map((s) => s.id);
	const [present, spans] = await Promise.all([
		db
			.select({
				sessionId: attendance.sessionId,
				userId: attendance.userId,
				presentMs: attendance.presentMs
			})
			.from(attendance)
			.where(inArray(attendance.sessionId, sessionIds)),
		db
			.select({
				sessionId: stageRuns.sessionId,
				spanMs: sql<number>`extract(epoch from (
					coalesce(min(${stageRuns.startedAt}) filter (where ${stageRuns.stage} = 'closed'), ${now})
					- min(${stageRuns.startedAt}))) * 1000`.mapWith(Number)
			})
			.from(stageRuns)
			.where(inArray(stageRuns.sessionId, sessionIds))
			.groupBy(stageRuns.sessionId)
	]);
	const challengeOf = new Map(sessions.map((s) => [s.id, s.challengeId]));
	const facilitatorPresent = new Map<string, number>();
	for (const row of present) {
		const challengeId = challengeOf.get(row.sessionId)!;
		result.get(challengeId)!.presentMs += row.presentMs;
		if (facilitatorOf.get(challengeId) === row.userId) {
			facilitatorPresent.set(row.sessionId, row.presentMs);
		}
	}
	for (const { sessionId, spanMs } of spans) {
		const time = result.get(challengeOf.get(sessionId)!)!;
		time.facilitationMs += facilitationTopUpMs(
			facilitatorPresent.get(sessionId) ?? 0,
			Math.max(0, Math.round(spanMs))
		);
	}
	return result;
}

/** One commitment's value and where it came from, with every id the ledger traces to. */
export interface LedgerLine {
	commitmentId: string;
	title: string;
	status: string;
	challengeId: string;
	confirmedMinor: number;
	expectedMinor: number;
	ideaId: string;
	ideaTitle: string;
	authorIds: string[];
	authorTeamIds: string[];
	voterTeamIds: string[];
	sessionId: string;
}

/** The commitments of the scope as ledger lines; authors stay hidden on anonymous challenges. */
export async function ledgerLines(
	db: DbOrTx,
	scope: readonly ChallengeWithOwner[]
): Promise<LedgerLine[]> {
	if (scope.length === 0) return [];
	const anonymous = new Set(scope.filter((c) => c.anonymousNotes).map((c) => c.id));
	const rows = await db
		.select({
			id: commitments.id,
			title: commitments.title,
			status: commitments.status,
			challengeId: commitments.challengeId,
			ideaId: commitments.ideaId,
			ideaTitle: ideas.title,
			sessionId: commitments.sessionId
		})
		.from(commitments)
		.innerJoin(ideas, eq(ideas.id, commitments.ideaId))
		.where(
			inArray(
				commitments.challengeId,
				scope.map((c) => c.id)
			)
		)
		.orderBy(commitments.createdAt, commitments.id);
	if (rows.length === 0) return [];
	const commitmentIds = rows.map((r) => r.id);
	const ideaIds = [...new Set(rows.map((r) => r.ideaId))];
	const [claims, authors, voters] = await Promise.all([
		db
			.select({
				commitmentId: valueRecords.commitmentId,
				amountMinor: valueRecords.amountMinor,
				status: valueRecords.status,
				createdAt: valueRecords.createdAt
			})
			.from(valueRecords)
			.where(inArray(valueRecords.commitmentId, commitmentIds)),
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
	const claimsOf = group(claims, (c) => c.commitmentId);
	const authorsOf = group(authors, (a) => a.ideaId);
	const votersOf = group(voters, (v) => v.ideaId);
	return rows.map((r) => {
		const hidden = anonymous.has(r.challengeId);
		const ideaAuthors = hidden ? [] : (authorsOf.get(r.ideaId) ?? []);
		const valueClaims: ValueClaim[] = (claimsOf.get(r.id) ?? []).map((c) => ({
			amountMinor: c.amountMinor,
			status: c.status,
			createdAt: c.createdAt.getTime()
		}));
		return {
			commitmentId: r.id,
			title: r.title,
			status: r.status,
			challengeId: r.challengeId,
			...commitmentValue(valueClaims, r.status === 'dropped'),
			ideaId: r.ideaId,
			ideaTitle: r.ideaTitle,
			authorIds: distinct(ideaAuthors.map((a) => a.authorId)),
			authorTeamIds: distinct(ideaAuthors.map((a) => a.teamId)),
			voterTeamIds: distinct((votersOf.get(r.ideaId) ?? []).map((v) => v.teamId)),
			sessionId: r.sessionId
		};
	});
}

function group<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
	const map = new Map<string, T[]>();
	for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
	return map;
}

function distinct(ids: (string | null)[]): string[] {
	return [...new Set(ids.filter((id): id is string => id !== null))].sort();
}
