import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../challenges/queries.ts';
import { commitmentEvents } from '../db/schema/index.ts';
import type { EventKind } from '../../shared/notifications.ts';
import { announceNotifications, notifyForEvent } from '../notifications/notify.ts';

export type CommitmentEventRow = typeof commitmentEvents.$inferSelect;

export interface EventInput {
	commitmentId: string;
	actorId: string | null;
	kind: EventKind;
	detail?: Record<string, unknown>;
}

export interface RecordedEvent {
	event: CommitmentEventRow;
	/** Sends the live `notification:new`s; call it after the transaction commits. */
	announce: () => void;
}

/**
 * The one way a commitment's history grows: the timeline row and its followers' notifications
 * are written in the caller's transaction, so a rolled-back change notifies nobody. The live
 * push waits for `announce()` after commit, because a socket message cannot be rolled back.
 */
export async function recordEvent(
	ctx: AppContext,
	tx: DbOrTx,
	input: EventInput
): Promise<RecordedEvent> {
	const [event] = await tx
		.insert(commitmentEvents)
		.values({
			commitmentId: input.commitmentId,
			actorId: input.actorId,
			kind: input.kind,
			detail: input.detail ?? {}
		})
		.returning();
	const notified = await notifyForEvent(tx, event!);
	return { event: event!, announce: () => announceNotifications(ctx, notified) };
}
