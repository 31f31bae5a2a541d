import { and, eq, or } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../challenges/queries.ts';
import { commitments, follows, notifications, users } from '../db/schema/index.ts';
import type { CommitmentEventRow } from '../commitments/events.ts';
import { newId } from '../ids.ts';
import { rooms } from '../../shared/realtime.ts';
import {
	notificationKindFor,
	notificationText,
	recipientsOf,
	type AppNotification
} from '../../shared/notifications.ts';

export interface Delivered {
	userId: string;
	notification: AppNotification;
}

/**
 * Writes one notification per person who should hear of the event: the commitment's owner and
 * sponsor, and whoever follows it or its challenge, minus the actor.
 */
export async function notifyForEvent(tx: DbOrTx, event: CommitmentEventRow): Promise<Delivered[]> {
	const kind = notificationKindFor(event.kind);
	if (!kind) return [];
	const [commitment] = await tx
		.select({
			title: commitments.title,
			ownerId: commitments.ownerId,
			sponsorId: commitments.sponsorId,
			challengeId: commitments.challengeId
		})
		.from(commitments)
		.where(eq(commitments.id, event.commitmentId));
	if (!commitment) return [];
	const followers = await tx
		.select({ userId: follows.userId })
		.from(follows)
		.where(
			or(
				and(eq(follows.targetKind, 'commitment'), eq(follows.targetId, event.commitmentId)),
				and(eq(follows.targetKind, 'challenge'), eq(follows.targetId, commitment.challengeId))
			)
		);
	const recipients = recipientsOf({
		ownerId: commitment.ownerId,
		sponsorId: commitment.sponsorId,
		followerIds: followers.map((f) => f.userId),
		actorId: event.actorId
	});
	if (recipients.length === 0) return [];
	const actorName = event.actorId ? await nameOf(tx, event.actorId) : null;
	const text = notificationText(event.kind, event.detail, actorName, commitment.title);
	const createdAt = new Date();
	const rows = recipients.map((userId) => ({
		id: newId(),
		userId,
		kind,
		commitmentId: event.commitmentId,
		actorId: event.actorId,
		text,
		createdAt
	}));
	await tx.insert(notifications).values(rows);
	return rows.map(({ userId, ...row }) => ({
		userId,
		notification: { ...row, read: false, createdAt: createdAt.getTime() }
	}));
}

/** The live half: each recipient's open tabs hear `notification:new`, on whichever node. */
export function announceNotifications(ctx: AppContext, delivered: readonly Delivered[]): void {
	for (const { userId, notification } of delivered) {
		ctx.sockets.emit(rooms.user(userId), 'notification:new', { notification });
	}
}

async function nameOf(tx: DbOrTx, userId: string): Promise<string | null> {
	const [row] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
	return row?.name ?? null;
}
