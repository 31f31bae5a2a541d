import { and, asc, eq, inArray, max, notInArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../challenges/queries.ts';
import {
	checkIns,
	commitmentContributors,
	commitments,
	type CommitmentRow
} from '../db/schema/index.ts';
import { readOrgSettings } from '../settings/org.ts';
import { commitmentFlags, type Commitment } from '../../shared/commitments.ts';

/**
 * A commitment row with its contributors and what its flags need, before any viewer-specific
 * projection. Every reader loads through `loadCommitments`, so none can forget the last check-in
 * or the organisation's stale threshold.
 */
export interface StoredCommitment {
	row: CommitmentRow;
	contributorIds: string[];
	lastCheckInAt: number | null;
	staleAfterDays: number;
}

export async function loadCommitments(db: DbOrTx, where: SQL): Promise<StoredCommitment[]> {
	const rows = await db
		.select()
		.from(commitments)
		.where(where)
		.orderBy(asc(commitments.dueDate), asc(commitments.createdAt));
	if (rows.length === 0) return [];
	const ids = rows.map((r) => r.id);
	const [contributors, lastCheckIns, settings] = await Promise.all([
		db
			.select({
				commitmentId: commitmentContributors.commitmentId,
				userId: commitmentContributors.userId
			})
			.from(commitmentContributors)
			.where(inArray(commitmentContributors.commitmentId, ids))
			.orderBy(asc(commitmentContributors.userId)),
		db
			.select({ commitmentId: checkIns.commitmentId, at: max(checkIns.createdAt) })
			.from(checkIns)
			.where(inArray(checkIns.commitmentId, ids))
			.groupBy(checkIns.commitmentId),
		readOrgSettings(db)
	]);
	const byCommitment = new Map<string, string[]>(rows.map((r) => [r.id, []]));
	for (const c of contributors) byCommitment.get(c.commitmentId)?.push(c.userId);
	const lastAt = new Map(lastCheckIns.map((c) => [c.commitmentId, c.at]));
	return rows.map((row) => ({
		row,
		contributorIds: byCommitment.get(row.id) ?? [],
		lastCheckInAt: lastAt.get(row.id)?.getTime() ?? null,
		staleAfterDays: settings.staleAfterDays
	}));
}

export async function loadCommitment(db: DbOrTx, id: string): Promise<StoredCommitment | null> {
	const [found] = await loadCommitments(db, eq(commitments.id, id));
	return found ?? null;
}

/**
 * The API's shape. On an anonymous challenge, contributors are credited in the database but the
 * list shows a viewer only themselves: the commitment must not undo the board's anonymity.
 */
export function toCommitment(
	{ row, contributorIds, lastCheckInAt, staleAfterDays }: StoredCommitment,
	viewerId: string,
	anonymous: boolean,
	now: number
): Commitment {
	return {
		id: row.id,
		ideaId: row.ideaId,
		sessionId: row.sessionId,
		challengeId: row.challengeId,
		title: row.title,
		description: row.description,
		ownerId: row.ownerId,
		sponsorId: row.sponsorId,
		contributorIds: anonymous ? contributorIds.filter((id) => id === viewerId) : contributorIds,
		dueDate: row.dueDate,
		metric: {
			name: row.metricName,
			unit: row.metricUnit,
			baseline: row.metricBaseline,
			target: row.metricTarget
		},
		kind: row.kind,
		nextStep: row.nextStep,
		status: row.status,
		flags: commitmentFlags(
			{
				status: row.status,
				dueDate: row.dueDate,
				createdAt: row.createdAt.getTime(),
				lastCheckInAt
			},
			now,
			staleAfterDays
		),
		createdAt: row.createdAt.getTime(),
		lastCheckInAt,
		parentId: row.parentId,
		comparisonGroup: row.comparisonGroup,
		decision:
			row.decision && row.decidedAt
				? {
						decision: row.decision,
						reason: row.decisionReason ?? '',
						decidedAt: row.decidedAt.getTime()
					}
				: null
	};
}

/** Open commitments (not delivered, not dropped) per owner. */
export async function openCountsByOwner(db: DbOrTx): Promise<Map<string, number>> {
	const rows = await db
		.select({ ownerId: commitments.ownerId, open: sql<number>`count(*)::int` })
		.from(commitments)
		.where(notInArray(commitments.status, ['delivered', 'dropped']))
		.groupBy(commitments.ownerId);
	return new Map(rows.map((r) => [r.ownerId, Number(r.open)]));
}

export function bySession(sessionId: string): SQL {
	return eq(commitments.sessionId, sessionId);
}

export function forIdea(sessionId: string, ideaId: string): SQL {
	return and(eq(commitments.sessionId, sessionId), eq(commitments.ideaId, ideaId))!;
}
