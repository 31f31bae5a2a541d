import { and, asc, eq, ne } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { liveSessions, sessionAdmissions, users } from '../db/schema/index.ts';
import { newId } from '../ids.ts';
import { requireUser } from '../auth/access.ts';
import { loadChallenge } from '../challenges/queries.ts';
import {
	canView,
	participantRole,
	requireManage,
	type ChallengeWithOwner
} from '../challenges/access.ts';
import { DomainError } from '../../shared/errors.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { joinInput } from '../../shared/challenges.ts';
import {
	admitInput,
	noticeInput,
	stageInput,
	timerInput,
	type LiveSession,
	type ParticipantRole,
	type SessionView
} from '../../shared/sessions.ts';
import { canEnd, decideStage } from '../../shared/stages.ts';
import { applyTimer, IDLE_TIMER, viewTimer } from '../../shared/timer.ts';
import { rooms, type SessionState, type WaitingPerson } from '../../shared/realtime.ts';
import { parseInput } from '../../shared/validate.ts';
import { generateJoinCode } from './join-code.ts';
import { listParticipants } from './presence.ts';
import {
	bumpVersion,
	loadStageHistory,
	lockSession,
	recordStage,
	storedTimer,
	timerColumns,
	toLiveSession
} from './queries.ts';
import type { LiveSessionRow } from '../db/schema/index.ts';

export interface SessionAccess {
	row: LiveSessionRow;
	challenge: ChallengeWithOwner;
	role: ParticipantRole;
}

export function sessionState(row: LiveSessionRow, now = Date.now()): SessionState {
	return { session: toLiveSession(row), timer: viewTimer(storedTimer(row), now), serverNow: now };
}

/** The facilitator of an open challenge starts a live session of it, in the lobby. */
export async function startSession(
	ctx: AppContext,
	actor: PublicUser | null,
	challengeId: string
): Promise<LiveSession> {
	const user = requireUser(actor);
	const challenge = await loadChallenge(ctx.db, challengeId);
	if (!challenge) throw new DomainError('not_found', 'That challenge does not exist.');
	requireManage(user, challenge);
	if (challenge.status !== 'open') {
		throw new DomainError(
			'conflict',
			`Open the challenge before starting a session (it is ${challenge.status}).`
		);
	}
	for (let attempt = 0; ; attempt++) {
		const id = newId();
		try {
			const row = await ctx.db.transaction(async (tx) => {
				const [created] = await tx
					.insert(liveSessions)
					.values({
						id,
						challengeId,
						boardId: newId(),
						joinCode: generateJoinCode(),
						stage: 'lobby',
						createdBy: user.id
					})
					.returning();
				await recordStage(tx, id, 'lobby', created!.createdAt);
				return created!;
			});
			return toLiveSession(row);
		} catch (error) {
			// Another open session holds that code: draw again.
			if (attempt < 5 && isUniqueViolation(error)) continue;
			throw error;
		}
	}
}

/** Who may be in a session: anyone the challenge admits, or whom the facilitator let in. */
export async function authorizeSession(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string
): Promise<SessionAccess> {
	const user = requireUser(actor);
	const [row] = await ctx.db.select().from(liveSessions).where(eq(liveSessions.id, sessionId));
	if (!row) throw new DomainError('not_found', 'That session does not exist.');
	const challenge = (await loadChallenge(ctx.db, row.challengeId))!;
	if (!(await mayAccess(ctx, user, challenge, sessionId))) {
		throw new DomainError(
			'not_invited',
			'You are not invited to this session. Ask the facilitator to let you in.'
		);
	}
	return { row, challenge, role: participantRole(user, challenge) };
}

export async function getSessionView(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string
): Promise<SessionView> {
	const { row } = await authorizeSession(ctx, actor, sessionId);
	const { session, timer, serverNow } = sessionState(row);
	const [participants, stageHistory] = await Promise.all([
		listParticipants(ctx, sessionId),
		loadStageHistory(ctx.db, sessionId)
	]);
	return { ...session, timer, serverNow, participants, stageHistory };
}

export async function listChallengeSessions(
	ctx: AppContext,
	challengeId: string
): Promise<LiveSession[]> {
	const rows = await ctx.db
		.select()
		.from(liveSessions)
		.where(eq(liveSessions.challengeId, challengeId))
		.orderBy(asc(liveSessions.createdAt));
	return rows.map(toLiveSession);
}

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
	if (canView(user, challenge) || (await isAdmitted(ctx, row.id, user.id)))
		return toLiveSession(row);
	await ctx.db
		.insert(sessionAdmissions)
		.values({ sessionId: row.id, userId: user.id, status: 'waiting' })
		.onConflictDoNothing();
	await publishWaiting(ctx, row.id);
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
	const [row] = await ctx.db.select().from(liveSessions).where(eq(liveSessions.id, sessionId));
	if (!row || row.stage === 'closed')
		throw new DomainError('not_found', 'That session does not exist or has ended.');
	const challenge = (await loadChallenge(ctx.db, row.challengeId))!;
	if (await mayAccess(ctx, user, challenge, sessionId)) return;
	await ctx.db
		.insert(sessionAdmissions)
		.values({ sessionId, userId: user.id, status: 'waiting' })
		.onConflictDoNothing();
	await publishWaiting(ctx, sessionId);
}

export async function admit(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string,
	body: unknown
): Promise<void> {
	const { challenge } = await authorizeSession(ctx, actor, sessionId);
	requireManage(actor!, challenge);
	const { userId } = parseInput(admitInput, body);
	const [target] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.id, userId));
	if (!target) throw new DomainError('not_found', 'That person does not exist.');
	await ctx.db
		.insert(sessionAdmissions)
		.values({ sessionId, userId, status: 'admitted', admittedBy: actor!.id })
		.onConflictDoUpdate({
			target: [sessionAdmissions.sessionId, sessionAdmissions.userId],
			set: { status: 'admitted', admittedBy: actor!.id }
		});
	ctx.sockets.emit(rooms.user(userId), 'session:admitted', { sessionId });
	await publishWaiting(ctx, sessionId);
}

export async function listWaiting(ctx: AppContext, sessionId: string): Promise<WaitingPerson[]> {
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

async function publishWaiting(ctx: AppContext, sessionId: string): Promise<void> {
	ctx.sockets.emit(rooms.facilitators(sessionId), 'session:waiting', {
		sessionId,
		waiting: await listWaiting(ctx, sessionId)
	});
}

/** The challenge admits them, or the facilitator let them into this session. */
export async function mayAccess(
	ctx: AppContext,
	user: PublicUser,
	challenge: ChallengeWithOwner,
	sessionId: string
): Promise<boolean> {
	return canView(user, challenge) || (await isAdmitted(ctx, sessionId, user.id));
}

/** Where someone stands with a session they are not invited to: waiting, admitted or neither. */
export async function admissionStatus(
	ctx: AppContext,
	sessionId: string,
	userId: string
): Promise<'waiting' | 'admitted' | null> {
	const [row] = await ctx.db
		.select({ status: sessionAdmissions.status })
		.from(sessionAdmissions)
		.where(and(eq(sessionAdmissions.sessionId, sessionId), eq(sessionAdmissions.userId, userId)));
	return row?.status ?? null;
}

async function isAdmitted(ctx: AppContext, sessionId: string, userId: string): Promise<boolean> {
	return (await admissionStatus(ctx, sessionId, userId)) === 'admitted';
}

type Change = (row: LiveSessionRow, now: number) => Partial<typeof liveSessions.$inferInsert>;

/**
 * Every facilitator command: authorize, lock the row, let a pure rule decide, write, publish.
 * The row lock serialises commands from several facilitators or nodes.
 */
async function command(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string,
	change: Change
): Promise<SessionState> {
	const { challenge } = await authorizeSession(ctx, actor, sessionId);
	requireManage(actor!, challenge);
	const row = await ctx.db.transaction(async (tx) => {
		const current = await lockSession(tx, sessionId);
		if (!current) throw new DomainError('not_found', 'That session does not exist.');
		const now = Date.now();
		const values = change(current, now);
		if (values.stage && values.stage !== current.stage)
			await recordStage(tx, sessionId, values.stage, new Date(now));
		const [updated] = await tx
			.update(liveSessions)
			.set({ ...values, version: bumpVersion })
			.where(eq(liveSessions.id, sessionId))
			.returning();
		return updated!;
	});
	const state = sessionState(row);
	ctx.sockets.emit(rooms.session(sessionId), 'session:state', state);
	return state;
}

// Each change parses its input inside `command`, after the actor is authorized: a participant
// learns nothing from a 400 about a command they may not give.
export function setStage(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string,
	body: unknown
) {
	return command(ctx, actor, sessionId, (row) => {
		const { to } = parseInput(stageInput, body);
		const decision = decideStage(row.stage, to);
		if (!decision.ok) throw new DomainError('conflict', decision.message);
		// A new stage starts without the previous stage's timer.
		return { stage: decision.to, ...timerColumns(IDLE_TIMER) };
	});
}

export function commandTimer(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string,
	body: unknown
) {
	return command(ctx, actor, sessionId, (row, now) => {
		const input = parseInput(timerInput, body);
		if (row.stage === 'closed') throw new DomainError('conflict', 'This session has ended.');
		const decision = applyTimer(storedTimer(row), input, now);
		if (!decision.ok) throw new DomainError(decision.code, decision.message);
		return timerColumns(decision.timer);
	});
}

export function setNotice(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string,
	body: unknown
) {
	return command(ctx, actor, sessionId, (row) => {
		const { text } = parseInput(noticeInput, body);
		if (row.stage === 'closed') throw new DomainError('conflict', 'This session has ended.');
		return { notice: text || null };
	});
}

export function endSession(ctx: AppContext, actor: PublicUser | null, sessionId: string) {
	return command(ctx, actor, sessionId, (row, now) => {
		if (!canEnd(row.stage)) throw new DomainError('conflict', 'This session has already ended.');
		return { stage: 'closed', endedAt: new Date(now), notice: null, ...timerColumns(IDLE_TIMER) };
	});
}

function isUniqueViolation(error: unknown): boolean {
	for (let e = error; e; e = (e as { cause?: unknown }).cause) {
		if ((e as { code?: unknown }).code === '23505') return true;
	}
	return false;
}
