import { asc, eq, getTableColumns } from 'drizzle-orm';
import type { DbOrTx } from '../challenges/queries.ts';
import { columnsExcept } from '../db/columns.ts';
import { checkIns, commitmentEvents, users } from '../db/schema/index.ts';
import type { CheckIn, HistoryEntry, HistoryKind } from '../../shared/commitment-lifecycle.ts';
import { announceNotifications, notifyForEvent, type Delivered } from '../notifications/notify.ts';
import type { AppContext } from '../context.ts';

export type CommitmentEventRow = typeof commitmentEvents.$inferSelect;

export interface CommitmentEvent {
	commitmentId: string;
	actorId: string | null;
	kind: HistoryKind;
	detail?: Record<string, unknown>;
	at?: Date;
}

/**
 * Every change to a commitment writes one row here, in the transaction that makes the change,
 * and with it the followers' notifications (`notifyForEvent`), so a change, its event and who
 * was told commit or roll back together. The live push cannot be rolled back: the caller hands
 * what this returns to `announceNotifications(ctx, …)` after commit.
 */
export async function recordEvent(tx: DbOrTx, event: CommitmentEvent): Promise<Delivered[]> {
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

/**
 * A change that makes one event, in one transaction with it (`recordEvent`); the followers'
 * live push goes once it has committed. `change` writes and returns what it wrote and its event.
 */
export async function changeWithEvent<T>(
	ctx: AppContext,
	change: (tx: DbOrTx) => Promise<{ result: T; event: CommitmentEvent }>
): Promise<T> {
	const { result, told } = await ctx.db.transaction(async (tx) => {
		const { result, event } = await change(tx);
		return { result, told: await recordEvent(tx, event) };
	});
	announceNotifications(ctx, told);
	return result;
}

/**
 * Commitment events with their actor's name (null once the actor is gone): what a history and a
 * digest both read. Callers add the filter and the order.
 */
export function eventsWithActor(db: DbOrTx) {
	return db
		.select({ ...getTableColumns(commitmentEvents), actorName: users.name })
		.from(commitmentEvents)
		.leftJoin(users, eq(users.id, commitmentEvents.actorId))
		.$dynamic();
}

/** The commitment's history, oldest first, with the actors' names. */
export async function loadHistory(db: DbOrTx, commitmentId: string): Promise<HistoryEntry[]> {
	const rows = await eventsWithActor(db)
		.where(eq(commitmentEvents.commitmentId, commitmentId))
		.orderBy(asc(commitmentEvents.seq));
	return rows.map(({ seq, kind, actorId, actorName, detail, createdAt }) => ({
		seq,
		kind,
		actorId,
		actorName: actorName ?? 'Someone',
		detail,
		at: createdAt.getTime()
	}));
}

/** The commitment's check-ins, oldest first. */
export async function loadCheckIns(db: DbOrTx, commitmentId: string): Promise<CheckIn[]> {
	const rows = await db
		.select({ ...columnsExcept(checkIns, 'commitmentId'), authorName: users.name })
		.from(checkIns)
		.innerJoin(users, eq(users.id, checkIns.authorId))
		.where(eq(checkIns.commitmentId, commitmentId))
		.orderBy(asc(checkIns.createdAt), asc(checkIns.id));
	return rows.map((r) => ({ ...r, createdAt: r.createdAt.getTime() }));
}
