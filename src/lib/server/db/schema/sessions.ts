import {
	bigint,
	boolean,
	index,
	integer,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './auth.ts';
import { challenges } from './challenges.ts';

/** A live session of a challenge: its stage and server-authoritative timer. */
export const liveSessions = pgTable(
	'live_sessions',
	{
		id: text('id').primaryKey(),
		challengeId: text('challenge_id')
			.notNull()
			.references(() => challenges.id, { onDelete: 'cascade' }),
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
		timerEndsAt: timestamp('timer_ends_at', { withTimezone: true, mode: 'date' }),
		timerRemainingMs: integer('timer_remaining_ms'),
		timerDurationMs: integer('timer_duration_ms'),
		timerAutoAdvance: boolean('timer_auto_advance').notNull().default(false),
		notice: text('notice'),
		/** When the facilitator revealed private notes; leaving diverge reveals too. */
		privateRevealedAt: timestamp('private_revealed_at', { withTimezone: true }),
		/** When the votes were revealed and frozen; null while the vote is secret. */
		votesRevealedAt: timestamp('votes_revealed_at', { withTimezone: true }),
		createdBy: text('created_by')
			.notNull()
			.references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		endedAt: timestamp('ended_at', { withTimezone: true })
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
		sessionId: text('session_id')
			.notNull()
			.references(() => liveSessions.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		status: text('status', { enum: ['waiting', 'admitted'] }).notNull(),
		requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
		admittedBy: text('admitted_by').references(() => users.id)
	},
	(t) => [primaryKey({ columns: [t.sessionId, t.userId] })]
);

/** When each stage of a session started and ended. */
export const stageRuns = pgTable(
	'stage_runs',
	{
		sessionId: text('session_id')
			.notNull()
			.references(() => liveSessions.id, { onDelete: 'cascade' }),
		seq: integer('seq').notNull(),
		stage: text('stage').notNull(),
		startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
		endedAt: timestamp('ended_at', { withTimezone: true })
	},
	(t) => [primaryKey({ columns: [t.sessionId, t.seq] })]
);

/** Time present per person per session; feeds the value ledger. */
export const attendance = pgTable(
	'attendance',
	{
		sessionId: text('session_id')
			.notNull()
			.references(() => liveSessions.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		presentMs: bigint('present_ms', { mode: 'number' }).notNull().default(0),
		firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
		lastCreditedAt: timestamp('last_credited_at', { withTimezone: true }).notNull()
	},
	(t) => [primaryKey({ columns: [t.sessionId, t.userId] })]
);

export type LiveSessionRow = typeof liveSessions.$inferSelect;
