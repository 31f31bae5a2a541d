import { and, eq } from 'drizzle-orm';
import {
	RateLimiterMemory,
	RateLimiterRedis,
	RateLimiterRes,
	type RateLimiterAbstract
} from 'rate-limiter-flexible';
import type { AppContext } from '../context.ts';
import { ideaNotes, ideas, kudos, liveSessions, notifications, users } from '../db/schema/index.ts';
import { requireUser } from '../auth/access.ts';
import { getVisibleChallenge } from '../challenges/service.ts';
import { authorizeCommitment } from '../commitments/access.ts';
import { newId } from '../ids.ts';
import { announceNotifications } from '../notifications/notify.ts';
import { DomainError } from '../../shared/errors.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { parseInput } from '../../shared/validate.ts';
import { kudosInput } from '../../shared/recognition-input.ts';

/** Kudos one person may give per hour: thanks stays a sentence, not a flood. */
export const KUDOS_PER_HOUR = 20;

export interface Kudos {
	id: string;
	fromUserId: string;
	toUserId: string;
	commitmentId: string | null;
	ideaId: string | null;
	text: string;
	createdAt: number;
}

/**
 * Thanks a colleague for a commitment or an idea the giver can see. The recipient must be
 * named on it (owner, sponsor, contributor; an idea's author), so kudos stay attached to work.
 */
export async function giveKudos(
	ctx: AppContext,
	actor: PublicUser | null,
	body: unknown
): Promise<{ kudos: Kudos }> {
	// authorize + validate
	const user = requireUser(actor);
	const input = parseInput(kudosInput, body);
	if (input.toUserId === user.id) {
		throw new DomainError('invalid_input', 'Kudos are for someone else.', {
			fields: { toUserId: 'Kudos are for someone else.' }
		});
	}
	const [recipient] = await ctx.db
		.select({ name: users.name })
		.from(users)
		.where(eq(users.id, input.toUserId));
	if (!recipient) throw new DomainError('not_found', 'That person does not exist.');
	const title = input.commitmentId
		? await commitmentTitleFor(ctx, user, input.commitmentId, input.toUserId)
		: await ideaTitleFor(ctx, user, input.ideaId!, input.toUserId);
	await consumeKudos(ctx, user.id);
	// apply
	const row = {
		id: newId(),
		fromUserId: user.id,
		toUserId: input.toUserId,
		commitmentId: input.commitmentId ?? null,
		ideaId: input.ideaId ?? null,
		text: input.text,
		createdAt: new Date()
	};
	const notification = {
		id: newId(),
		userId: input.toUserId,
		kind: 'kudos' as const,
		commitmentId: row.commitmentId,
		actorId: user.id,
		text: `${user.name} thanked you for “${title}”: ${input.text}`,
		createdAt: row.createdAt
	};
	await ctx.db.transaction(async (tx) => {
		await tx.insert(kudos).values(row);
		await tx.insert(notifications).values(notification);
	});
	// publish
	const { userId, ...shown } = notification;
	announceNotifications(ctx, [
		{ userId, notification: { ...shown, read: false, createdAt: row.createdAt.getTime() } }
	]);
	return { kudos: { ...row, createdAt: row.createdAt.getTime() } };
}

async function commitmentTitleFor(
	ctx: AppContext,
	user: PublicUser,
	commitmentId: string,
	toUserId: string
): Promise<string> {
	const { stored } = await authorizeCommitment(ctx, user, commitmentId);
	const named = [stored.row.ownerId, stored.row.sponsorId, ...stored.contributorIds];
	if (!named.includes(toUserId)) notPartOf('commitment');
	return stored.row.title;
}

async function ideaTitleFor(
	ctx: AppContext,
	user: PublicUser,
	ideaId: string,
	toUserId: string
): Promise<string> {
	const [idea] = await ctx.db
		.select({ title: ideas.title, challengeId: liveSessions.challengeId })
		.from(ideas)
		.innerJoin(liveSessions, eq(liveSessions.id, ideas.sessionId))
		.where(eq(ideas.id, ideaId));
	if (!idea) throw new DomainError('not_found', 'That idea does not exist.');
	const challenge = await getVisibleChallenge(ctx, user, idea.challengeId);
	// On an anonymous board, "is she an author?" must not be answerable by trying kudos.
	if (challenge.anonymousNotes) {
		throw new DomainError(
			'invalid_input',
			'Ideas of an anonymous challenge have no named authors to thank; thank a commitment instead.'
		);
	}
	const [authored] = await ctx.db
		.select({ noteId: ideaNotes.noteId })
		.from(ideaNotes)
		.where(and(eq(ideaNotes.ideaId, ideaId), eq(ideaNotes.authorId, toUserId)))
		.limit(1);
	if (!authored) notPartOf('idea');
	return idea.title;
}

function notPartOf(what: 'commitment' | 'idea'): never {
	const message =
		what === 'idea'
			? 'That person wrote none of this idea’s notes.'
			: 'That person is not named on this commitment.';
	throw new DomainError('invalid_input', message, { fields: { toUserId: message } });
}

const limiters = new WeakMap<AppContext, RateLimiterAbstract>();

async function consumeKudos(ctx: AppContext, userId: string): Promise<void> {
	let limiter = limiters.get(ctx);
	if (!limiter) {
		const opts = {
			keyPrefix: `${ctx.config.REDIS_PREFIX}kudos`,
			points: KUDOS_PER_HOUR,
			duration: 3600
		};
		limiter = ctx.redis
			? new RateLimiterRedis({ ...opts, storeClient: ctx.redis, useRedisPackage: false })
			: new RateLimiterMemory(opts);
		limiters.set(ctx, limiter);
	}
	try {
		await limiter.consume(userId);
	} catch (error) {
		if (!(error instanceof RateLimiterRes)) throw error;
		throw new DomainError('rate_limited', 'That is a lot of kudos for one hour; try again later.', {
			retryAfter: Math.ceil(error.msBeforeNext / 1000)
		});
	}
}
