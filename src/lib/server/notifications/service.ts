import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { columnsExcept } from '../db/columns.ts';
import { notifications } from '../db/schema/index.ts';
import { requireUser } from '../auth/access.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { parseInput } from '../../shared/validate.ts';
import { markReadInput } from '../../shared/recognition-input.ts';
import type { AppNotification } from '../../shared/notifications.ts';

/** How many the list returns: the bell is about what is new, not an archive. */
const LIST_LIMIT = 100;

export async function listNotifications(
	ctx: AppContext,
	actor: PublicUser | null
): Promise<{ notifications: AppNotification[]; unread: number }> {
	const user = requireUser(actor);
	const [rows, unread] = await Promise.all([
		ctx.db
			.select(columnsExcept(notifications, 'userId'))
			.from(notifications)
			.where(eq(notifications.userId, user.id))
			.orderBy(desc(notifications.createdAt), desc(notifications.id))
			.limit(LIST_LIMIT),
		unreadCount(ctx, user.id)
	]);
	return {
		notifications: rows.map(({ readAt, createdAt, ...r }) => ({
			...r,
			read: readAt !== null,
			createdAt: createdAt.getTime()
		})),
		unread
	};
}

export async function unreadCount(ctx: AppContext, userId: string): Promise<number> {
	const [row] = await ctx.db
		.select({ n: count() })
		.from(notifications)
		.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
	return Number(row?.n ?? 0);
}

/** Marks the given notifications of yours (or all of them) read; others' ids are ignored. */
export async function markRead(
	ctx: AppContext,
	actor: PublicUser | null,
	body: unknown
): Promise<{ unread: number }> {
	const user = requireUser(actor);
	const { ids } = parseInput(markReadInput, body);
	const mine = and(eq(notifications.userId, user.id), isNull(notifications.readAt));
	await ctx.db
		.update(notifications)
		.set({ readAt: new Date() })
		.where(ids ? and(mine, inArray(notifications.id, ids)) : mine);
	return { unread: await unreadCount(ctx, user.id) };
}
