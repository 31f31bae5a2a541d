import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../challenges/queries.ts';
import { checkIns, commitmentEvents, users } from '../db/schema/index.ts';
import type { CheckIn, HistoryEntry, HistoryKind } from '../../shared/commitment-lifecycle.ts';
import { notifyForEvent, type Delivered } from '../notifications/notify.ts';

export type CommitmentEventRow = typeof commitmentEvents.$inferSelect;

/**
 * Every change to a commitment writes one row here, in the transaction that makes the change,
 * and with it the followers' notifications (`notifyForEvent`), so a change, its event and who
 * was told commit or roll back together. The live push cannot be rolled back: the caller hands
 * what this returns to `announceNotifications(ctx, …)` after commit.
 */
export async function recordEvent(
	tx: DbOrTx,
	event: {
		commitmentId: string;
		actorId: string | null;
		kind: HistoryKind;
		detail?: Record<string, unknown>;
		at?: Date;
	}
): Promise<Delivered[]> {
	const [row] = await tx
		.insert(commitmentEvents)
		.values({
			commitmentId: event.commitmentId,
			actorId: event.actorId,
			kind: event.kind,
			detail: event.detail ?? {},
			...(event.at ? { createdAt: event.at } : {})
		})
		.returning();
	return notifyForEvent(tx, row!);
}

/** The commitment's history, oldest first, with the actors' names. */
export async function loadHistory(db: DbOrTx, commitmentId: string): Promise<HistoryEntry[]> {
	const rows = await db
		.select({
			seq: commitmentEvents.seq,
			kind: commitmentEvents.kind,
			actorId: commitmentEvents.actorId,
			actorName: users.name,
			detail: commitmentEvents.detail,
			at: commitmentEvents.createdAt
		})
		.from(commitmentEvents)
		.leftJoin(users, eq(users.id, commitmentEvents.actorId))
		.where(eq(commitmentEvents.commitmentId, commitmentId))
		.orderBy(asc(commitmentEvents.seq));
	return rows.map((r) => ({ ...r, actorName: r.actorName ?? 'Someone', at: r.at.getTime() }));
}

/** The commitment's check-ins, oldest first. */
export async function loadCheckIns(db: DbOrTx, commitmentId: string): Promise<CheckIn[]> {
	const rows = await db
		.select({
			id: checkIns.id,
			authorId: checkIns.authorId,
			authorName: users.name,
			status: checkIns.status,
			note: checkIns.note,
			metricActual: checkIns.metricActual,
			comparisonActual: checkIns.comparisonActual,
			confidence: checkIns.confidence,
			createdAt: checkIns.createdAt
		})
		.from(checkIns)
		.innerJoin(users, eq(users.id, checkIns.authorId))
		.where(eq(checkIns.commitmentId, commitmentId))
		.orderBy(asc(checkIns.createdAt), asc(checkIns.id));
	return rows.map((r) => ({ ...r, createdAt: r.createdAt.getTime() }));
}
