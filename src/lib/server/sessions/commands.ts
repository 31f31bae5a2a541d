import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { liveSessions, type LiveSessionRow } from '../db/schema/index.ts';
import { DomainError, found } from '../../shared/errors.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { noticeInput, stageInput, timerInput } from '../../shared/sessions.ts';
import { canEnd, decideStage } from '../../shared/stages.ts';
import { applyTimer, IDLE_TIMER } from '../../shared/timer.ts';
import type { SessionState, StageChanged } from '../../shared/realtime.ts';
import { parseInput } from '../../shared/validate.ts';
import { authorizeManage } from './access.ts';
import { sessionState } from './lifecycle.ts';
import { creditPresentNow } from './presence.ts';
import { stageChanged, stageChangeWrites } from './stage-effects.ts';
import { bumpVersion, lockSession, recordStage, storedTimer, timerColumns } from './queries.ts';

type Change = (row: LiveSessionRow, now: number) => Partial<typeof liveSessions.$inferInsert>;

/**
 * Every facilitator command: authorize, lock the row, let a pure rule decide, write, publish.
 * The row lock serialises commands from several facilitators or nodes. Returns the row as it
 * was before the change too, for answers that report what the change replaced.
 */
async function command(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string,
	change: Change
): Promise<{ state: SessionState; before: LiveSessionRow }> {
	await authorizeManage(ctx, actor, sessionId);
	const { row, before } = await ctx.db.transaction(async (tx) => {
		const current = found(await lockSession(tx, sessionId), 'session');
		const now = Date.now();
		const values = change(current, now);
		if (values.stage && values.stage !== current.stage) {
			await recordStage(tx, sessionId, values.stage, new Date(now));
			await stageChangeWrites(tx, sessionId, values.stage);
		}
		const [updated] = await tx
			.update(liveSessions)
			.set({ ...values, version: bumpVersion })
			.where(eq(liveSessions.id, sessionId))
			.returning();
		return { row: updated!, before: current };
	});
	const state = sessionState(row);
	ctx.sockets.publishState(state);
	await stageChanged(ctx, before.stage, row);
	return { state, before };
}

// Each change parses its input inside `command`, after the actor is authorized: a participant
// learns nothing from a 400 about a command they may not give.

/**
 * A new stage starts without the previous stage's timer and notice (see docs/decisions.md,
 * "Stage changes clear the timer and the notice"); a paused timer's time is reported back so the
 * facilitator knows what the change dropped.
 */
export async function setStage(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string,
	body: unknown
): Promise<StageChanged> {
	const { state, before } = await command(ctx, actor, sessionId, (row) => {
		const { to } = parseInput(stageInput, body);
		const decision = decideStage(row.stage, to);
		if (!decision.ok) throw new DomainError('conflict', decision.message);
		return { stage: decision.to, notice: null, ...timerColumns(IDLE_TIMER) };
	});
	const dropped = storedTimer(before);
	return {
		...state,
		droppedTimer: dropped.state === 'paused' ? { remainingMs: dropped.remainingMs ?? 0 } : null
	};
}

export async function commandTimer(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string,
	body: unknown
): Promise<SessionState> {
	const { state } = await command(ctx, actor, sessionId, (row, now) => {
		const input = parseInput(timerInput, body);
		if (row.stage === 'closed') throw new DomainError('conflict', 'This session has ended.');
		const decision = applyTimer(storedTimer(row), input, now);
		if (!decision.ok) throw new DomainError(decision.code, decision.message);
		return timerColumns(decision.timer);
	});
	return state;
}

export async function setNotice(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string,
	body: unknown
): Promise<SessionState> {
	const { state } = await command(ctx, actor, sessionId, (row) => {
		const { text } = parseInput(noticeInput, body);
		if (row.stage === 'closed') throw new DomainError('conflict', 'This session has ended.');
		return { notice: text || null };
	});
	return state;
}

export async function endSession(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string
): Promise<SessionState> {
	// Credit the last interval while the session is still live (docs/decisions.md, "Attendance").
	await authorizeManage(ctx, actor, sessionId);
	await creditPresentNow(ctx, sessionId);
	const { state } = await command(ctx, actor, sessionId, (row, now) => {
		if (!canEnd(row.stage)) throw new DomainError('conflict', 'This session has already ended.');
		return { stage: 'closed', endedAt: new Date(now), notice: null, ...timerColumns(IDLE_TIMER) };
	});
	return state;
}
