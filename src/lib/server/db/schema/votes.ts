import {
	foreignKey,
	index,
	integer,
	pgTable,
	primaryKey,
	text,
	uniqueIndex,
	check
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './auth.ts';
import { createdAt, optionalRef, ref, textId, updatedAt } from './columns.ts';
import { liveSessions } from './sessions.ts';

/**
 * An idea is what the vote is about: a cluster of the board, or a note in no cluster, as it
 * stood when the vote opened. The snapshot is taken once per session and kept on a reopen.
 */
export const ideas = pgTable(
	'ideas',
	{
		id: textId(),
		sessionId: ref('session_id', () => liveSessions.id, 'cascade'),
		/** The board object it was snapshotted from: a cluster id or a note id. */
		sourceKind: text('source_kind', { enum: ['cluster', 'note'] }).notNull(),
		sourceId: text('source_id').notNull(),
		title: text('title').notNull(),
		/** Board order at snapshot time, for a stable list before the reveal. */
		position: integer('position').notNull(),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('ideas_session_source_idx').on(t.sessionId, t.sourceId)]
);

/** The notes of an idea with the authorship the server recorded when they were written. */
export const ideaNotes = pgTable(
	'idea_notes',
	{
		ideaId: ref('idea_id', () => ideas.id, 'cascade'),
		noteId: text('note_id').notNull(),
		text: text('text').notNull(),
		authorId: optionalRef('author_id', () => users.id, 'set null'),
		teamId: text('team_id')
	},
	(t) => [
		primaryKey({ columns: [t.ideaId, t.noteId] }),
		index('idea_notes_author_idx').on(t.authorId)
	]
);

/**
 * One row per voter per session: the dots they may spend and have spent. Casting a dot
 * increments `spent` with a condition in the same statement, so budget holds under any
 * concurrency; the check constraint is the last line of defence.
 */
export const ballots = pgTable(
	'ballots',
	{
		sessionId: ref('session_id', () => liveSessions.id, 'cascade'),
		voterId: ref('voter_id', () => users.id, 'cascade'),
		/** The voter's team when the ballot was opened: cross-team pull counts from it. */
		teamId: text('team_id'),
		budget: integer('budget').notNull(),
		spent: integer('spent').notNull().default(0)
	},
	(t) => [
		primaryKey({ columns: [t.sessionId, t.voterId] }),
		check('ballots_spent_within_budget', sql`${t.spent} >= 0 and ${t.spent} <= ${t.budget}`)
	]
);

/** The durable per-voter record: how many dots a voter gave an idea. */
export const votes = pgTable(
	'votes',
	{
		sessionId: ref('session_id', () => liveSessions.id, 'cascade'),
		ideaId: ref('idea_id', () => ideas.id, 'cascade'),
		voterId: ref('voter_id', () => users.id, 'cascade'),
		dots: integer('dots').notNull(),
		updatedAt: updatedAt()
	},
	(t) => [
		primaryKey({ columns: [t.ideaId, t.voterId] }),
		index('votes_session_voter_idx').on(t.sessionId, t.voterId),
		check('votes_dots_not_negative', sql`${t.dots} >= 0`)
	]
);

/**
 * The voteIds of the casts a ballot has counted, so that a resent cast is answered instead of
 * counted again. Written in the cast's transaction while the ballot's lock is held; the key makes
 * a second count of one voteId impossible even if that lock were ever skipped.
 */
export const voteReceipts = pgTable(
	'vote_receipts',
	{
		sessionId: text('session_id').notNull(),
		voterId: text('voter_id').notNull(),
		voteId: text('vote_id').notNull(),
		/** What the counted cast was, so that the same voteId sent for another dot is refused. */
		ideaId: text('idea_id').notNull(),
		delta: integer('delta').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.sessionId, t.voterId, t.voteId] }),
		foreignKey({
			columns: [t.sessionId, t.voterId],
			foreignColumns: [ballots.sessionId, ballots.voterId]
		}).onDelete('cascade')
	]
);

export type IdeaRow = typeof ideas.$inferSelect;
export type IdeaNoteRow = typeof ideaNotes.$inferSelect;
