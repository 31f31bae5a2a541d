import { and, asc, eq, inArray, notInArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../challenges/queries.ts';
import { commitmentContributors, commitments, type CommitmentRow } from '../db/schema/index.ts';
import { commitmentFlags, type Commitment } from '../../shared/commitments.ts';

/** A commitment row with its contributors, before any viewer-specific projection. */
export interface StoredCommitment {
	row: CommitmentRow;
	contributorIds: string[];
}

export async function loadCommitments(db: DbOrTx, where: SQL): Promise<StoredCommitment[]> {
	const rows = await db
		.select()
		.from(commitments)
		.where(where)
		.orderBy(asc(commitments.dueDate), asc(commitments.createdAt));
	if (rows.length === 0) return [];
	const contributors = await db
		.select({
			commitmentId: commitmentContributors.commitmentId,
			userId: commitmentContributors.userId
		})
		.from(commitmentContributors)
		.where(
			inArray(
				commitmentContributors.commitmentId,
				rows.map((r) => r.id)
			)
		)
		.orderBy(asc(commitmentContributors.userId));
	const byCommitment = new Map<string, string[]>(rows.map((r) => [r.id, []]));
	for (const c of contributors) byCommitment.get(c.commitmentId)?.push(c.userId);
	return rows.map((row) => ({ row, contributorIds: byCommitment.get(row.id) ?? [] }));
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
	{ row, contributorIds }: StoredCommitment,
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
		flags: commitmentFlags(row, now),
		createdAt: row.createdAt.getTime()
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
