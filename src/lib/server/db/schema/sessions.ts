import {
	bigint,
	boolean,
	index,
	integer,
	pgTable,
	primaryKey,
	text,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './auth.ts';
import { challenges } from './challenges.ts';
import { createdAt, optionalRef, ref, textId, timestamptz } from './columns.ts';

/** A live session of a challenge: its stage and server-authoritative timer. */
export const liveSessions = pgTable(
	'live_sessions',
	{
		id: textId(),
		challengeId: ref('challenge_id', () => challenges.id, 'cascade'),
		boardId: text('board_id').notNull(),
		joinCode: text('join_code').notNull(),
		stage: text('stage', {
			enum: ['lobby', 'diverge', 'cluster', 'vote', 'commit', 'closed']
		}).notNull(),
		/** Bumped on every stage or timer change: clients and schedulers compare it. */
		version: integer('version').notNull().default(0),
		timerState: text('timer_state', { enum: ['idle', 'running', 'paused'] })
			.notNull()
			.default('idle'),
		timerEndsAt: timestamptz('timer_ends_at'),
		timerRemainingMs: integer('timer_remaining_ms'),
		timerDurationMs: integer('timer_duration_ms'),
		timerAutoAdvance: boolean('timer_auto_advance').notNull().default(false),
		notice: text('notice'),
		/** When the facilitator revealed private notes; leaving diverge reveals too. */
		privateRevealedAt: timestamptz('private_revealed_at'),
		/** When the votes were revealed and frozen; null while the vote is secret. */
		votesRevealedAt: timestamptz('votes_revealed_at'),
		createdBy: ref('created_by', () => users.id),
		createdAt: createdAt(),
		endedAt: timestamptz('ended_at')
	},
	(t) => [
		index('live_sessions_challenge_idx').on(t.challengeId),
		uniqueIndex('live_sessions_board_idx').on(t.boardId),
		// A code names one session at a time: closed sessions give theirs back.
		uniqueIndex('live_sessions_open_code_idx')
			.on(t.joinCode)
			.where(sql`${t.stage} <> 'closed'`),
		index('live_sessions_timer_idx').on(t.timerState, t.timerEndsAt)
	]
);

/** People the facilitator let in from the lobby although the challenge did not invite them. */
export const sessionAdmissions = pgTable(
	'session_admissions',
	{
		sessionId: ref('session_id', () => liveSessions.id, 'cascade'),
		userId: ref('user_id', () => users.id, 'cascade'),
		status: text('status', { enum: ['waiting', 'admitted'] }).notNull(),
		requestedAt: timestamptz('requested_at').notNull().defaultNow(),
		admittedBy: optionalRef('admitted_by', () => users.id)
	},
	(t) => [primaryKey({ columns: [t.sessionId, t.userId] })]
);

/** When each stage of a session started and ended. */
export const stageRuns = pgTable(
	'stage_runs',
	{
		sessionId: ref('session_id', () => liveSessions.id, 'cascade'),
		seq: integer('seq').notNull(),
		stage: text('stage').notNull(),
		startedAt: timestamptz('started_at').notNull(),
		endedAt: timestamptz('ended_at')
	},
	(t) => [primaryKey({ columns: [t.sessionId, t.seq] })]
);

/** Time present per person per session; feeds the value ledger. */
export const attendance = pgTable(
	'attendance',
	{
		sessionId: ref('session_id', () => liveSessions.id, 'cascade'),
		userId: ref('user_id', () => users.id, 'cascade'),
		presentMs: bigint('present_ms', { mode: 'number' }).notNull().default(0),
		firstSeenAt: timestamptz('first_seen_at').notNull(),
		lastCreditedAt: timestamptz('last_credited_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.sessionId, t.userId] })]
);

export type LiveSessionRow = typeof liveSessions.$inferSelect;
