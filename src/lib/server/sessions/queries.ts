import { and, asc, eq, isNull, max, sql } from 'drizzle-orm';
import { liveSessions, stageRuns, type LiveSessionRow } from '../db/schema/index.ts';
import type { DbOrTx } from '../challenges/queries.ts';
import type { LiveSession, StageRun } from '../../shared/sessions.ts';
import type { StoredTimer } from '../../shared/timer.ts';

export function toLiveSession(row: LiveSessionRow): LiveSession {
	return {
		id: row.id,
		challengeId: row.challengeId,
		boardId: row.boardId,
		joinCode: row.joinCode,
		stage: row.stage,
		version: row.version,
		notice: row.notice,
		privateRevealed: row.privateRevealedAt !== null
	};
}

export function storedTimer(row: LiveSessionRow): StoredTimer {
	return {
		state: row.timerState,
		endsAt: row.timerEndsAt?.getTime() ?? null,
		remainingMs: row.timerRemainingMs,
		durationMs: row.timerDurationMs,
		autoAdvance: row.timerAutoAdvance
	};
}

export function timerColumns(timer: StoredTimer) {
	return {
		timerState: timer.state,
		timerEndsAt: timer.endsAt === null ? null : new Date(timer.endsAt),
		timerRemainingMs: timer.remainingMs,
		timerDurationMs: timer.durationMs,
		timerAutoAdvance: timer.autoAdvance
	};
}

export async function loadSession(db: DbOrTx, id: string): Promise<LiveSessionRow | null> {
	const [row] = await db.select().from(liveSessions).where(eq(liveSessions.id, id));
	return row ?? null;
}

/** Reads a session row and locks it for the rest of the transaction. */
export async function lockSession(tx: DbOrTx, id: string): Promise<LiveSessionRow | null> {
	const [row] = await tx.select().from(liveSessions).where(eq(liveSessions.id, id)).for('update');
	return row ?? null;
}

/** Closes the running stage and opens the next, so stage start and end times stay durable. */
export async function recordStage(
	tx: DbOrTx,
	sessionId: string,
	stage: string,
	at: Date
): Promise<void> {
	await tx
		.update(stageRuns)
		.set({ endedAt: at })
		.where(and(eq(stageRuns.sessionId, sessionId), isNull(stageRuns.endedAt)));
	if (stage === 'closed') return;
	const [{ last } = { last: null }] = await tx
		.select({ last: max(stageRuns.seq) })
		.from(stageRuns)
		.where(eq(stageRuns.sessionId, sessionId));
	await tx.insert(stageRuns).values({ sessionId, seq: (last ?? 0) + 1, stage, startedAt: at });
}

export const bumpVersion = sql`${liveSessions.version} + 1`;

export async function loadStageHistory(db: DbOrTx, sessionId: string): Promise<StageRun[]> {
	const rows = await db
		.select()
		.from(stageRuns)
		.where(eq(stageRuns.sessionId, sessionId))
		.orderBy(asc(stageRuns.seq));
	return rows.map((r) => ({
		stage: r.stage as StageRun['stage'],
		startedAt: r.startedAt.getTime(),
		endedAt: r.endedAt?.getTime() ?? null
	}));
}
