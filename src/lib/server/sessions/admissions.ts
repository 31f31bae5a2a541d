import { and, asc, eq, ne } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { liveSessions, sessionAdmissions, users } from '../db/schema/index.ts';
import { requireUser } from '../auth/access.ts';
import { loadChallenge } from '../challenges/queries.ts';
import { canView } from '../challenges/access.ts';
import { DomainError } from '../../shared/errors.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { joinInput } from '../../shared/challenges.ts';
import { admitInput, type LiveSession } from '../../shared/sessions.ts';
import { rooms, type WaitingPerson } from '../../shared/realtime.ts';
import { parseInput } from '../../shared/validate.ts';
import {
	admissionStatus,
	authorizeManage,
	managesSession,
	mayAccess,
	type SessionAccess
} from './access.ts';
import { loadSession, toLiveSession } from './queries.ts';

/**
 * A code finds a session, but is no invitation: people the challenge does not admit are put on
 * the facilitator's waiting list and refused with `not_invited`.
 */
export async function joinByCode(
	ctx: AppContext,
	actor: PublicUser | null,
	body: unknown
): Promise<LiveSession> {
	const user = requireUser(actor);
	const { code } = parseInput(joinInput, body);
	const [row] = await ctx.db
		.select()
		.from(liveSessions)
		.where(and(eq(liveSessions.joinCode, code), ne(liveSessions.stage, 'closed')));
	if (!row)
		throw new DomainError(
			'not_found',
			'No live session has that code. Check it with your facilitator.'
		);
	const challenge = (await loadChallenge(ctx.db, row.challengeId))!;
	if (canView(user, challenge) || (await admissionStatus(ctx, row.id, user.id)) === 'admitted')
		return toLiveSession(row);
	await addToWaiting(ctx, row.id, user.id);
	throw new DomainError(
		'not_invited',
		'You are not invited to this challenge. Ask the facilitator to let you in.'
	);
}

/** Someone who followed a session link without an invitation asks the facilitator to let them in. */
export async function requestToJoin(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string
): Promise<void> {
	const user = requireUser(actor);
	const row = await loadSession(ctx.db, sessionId);
	if (!row || row.stage === 'closed')
		throw new DomainError('not_found', 'That session does not exist or has ended.');
	const challenge = (await loadChallenge(ctx.db, row.challengeId))!;
	if (await mayAccess(ctx, user, challenge, sessionId)) return;
	await addToWaiting(ctx, sessionId, user.id);
}

export async function admit(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string,
	body: unknown
): Promise<void> {
	const { user } = await authorizeManage(ctx, actor, sessionId);
	const { userId } = parseInput(admitInput, body);
	const [target] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.id, userId));
	if (!target) throw new DomainError('not_found', 'That person does not exist.');
	await ctx.db
		.insert(sessionAdmissions)
		.values({ sessionId, userId, status: 'admitted', admittedBy: user.id })
		.onConflictDoUpdate({
			target: [sessionAdmissions.sessionId, sessionAdmissions.userId],
			set: { status: 'admitted', admittedBy: user.id }
		});
	ctx.sockets.emit(rooms.user(userId), 'session:admitted', { sessionId });
	await publishWaiting(ctx, sessionId);
}

/** The waiting list, for the session's facilitators only. */
export async function listWaiting(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string
): Promise<WaitingPerson[]> {
	await authorizeManage(ctx, actor, sessionId);
	return readWaiting(ctx, sessionId);
}

/** What a screen shows of the waiting list: the list for a facilitator, nothing for anyone else. */
export async function waitingFor(
	ctx: AppContext,
	access: SessionAccess
): Promise<WaitingPerson[] | null> {
	return managesSession(access) ? readWaiting(ctx, access.row.id) : null;
}

async function readWaiting(ctx: AppContext, sessionId: string): Promise<WaitingPerson[]> {
	const rows = await ctx.db
		.select({
			userId: users.id,
			name: users.name,
			teamId: users.teamId,
			requestedAt: sessionAdmissions.requestedAt
		})
		.from(sessionAdmissions)
		.innerJoin(users, eq(users.id, sessionAdmissions.userId))
		.where(and(eq(sessionAdmissions.sessionId, sessionId), eq(sessionAdmissions.status, 'waiting')))
		.orderBy(asc(sessionAdmissions.requestedAt));
	return rows.map((r) => ({ ...r, requestedAt: r.requestedAt.getTime() }));
}

async function addToWaiting(ctx: AppContext, sessionId: string, userId: string): Promise<void> {
	await ctx.db
		.insert(sessionAdmissions)
		.values({ sessionId, userId, status: 'waiting' })
		.onConflictDoNothing();
	await publishWaiting(ctx, sessionId);
}

async function publishWaiting(ctx: AppContext, sessionId: string): Promise<void> {
	ctx.sockets.emit(rooms.facilitators(sessionId), 'session:waiting', {
		sessionId,
		waiting: await readWaiting(ctx, sessionId)
	});
}
