import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { follows } from '../db/schema/index.ts';
import { requireUser } from '../auth/access.ts';
import { getVisibleChallenge } from '../challenges/service.ts';
import { authorizeCommitment } from '../commitments/access.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { parseInput } from '../../shared/validate.ts';
import { followInput } from '../../shared/recognition-input.ts';

export interface Follow {
	targetKind: 'challenge' | 'commitment';
	targetId: string;
}

/** Anyone may follow what they may see; following twice is following. */
export async function follow(
	ctx: AppContext,
	actor: PublicUser | null,
	body: unknown
): Promise<{ follow: Follow; following: true }> {
	const user = requireUser(actor);
	const target = parseInput(followInput, body);
	await requireVisible(ctx, user, target);
	await ctx.db
		.insert(follows)
		.values({ userId: user.id, ...target })
		.onConflictDoNothing();
	return { follow: target, following: true };
}

/** Unfollowing needs no access: a person may always stop hearing of something. */
export async function unfollow(
	ctx: AppContext,
	actor: PublicUser | null,
	body: unknown
): Promise<{ follow: Follow; following: false }> {
	const user = requireUser(actor);
	const target = parseInput(followInput, body);
	await ctx.db.delete(follows).where(and(eq(follows.userId, user.id), matches(target)));
	return { follow: target, following: false };
}

export async function listFollows(
	ctx: AppContext,
	actor: PublicUser | null
): Promise<{ follows: Follow[] }> {
	const user = requireUser(actor);
	const rows = await ctx.db
		.select({ targetKind: follows.targetKind, targetId: follows.targetId })
		.from(follows)
		.where(eq(follows.userId, user.id))
		.orderBy(follows.createdAt);
	return { follows: rows };
}

export async function isFollowing(
	ctx: AppContext,
	userId: string,
	target: Follow
): Promise<boolean> {
	const [row] = await ctx.db
		.select({ userId: follows.userId })
		.from(follows)
		.where(and(eq(follows.userId, userId), matches(target)));
	return row !== undefined;
}

function matches(target: Follow) {
	return and(eq(follows.targetKind, target.targetKind), eq(follows.targetId, target.targetId));
}

async function requireVisible(ctx: AppContext, user: PublicUser, target: Follow): Promise<void> {
	if (target.targetKind === 'challenge') await getVisibleChallenge(ctx, user, target.targetId);
	else await authorizeCommitment(ctx, user, target.targetId);
}
