import { boolean, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { createdAt, optionalRef, ref, textId, updatedAt } from './columns.ts';
import { teams } from './teams.ts';

export const challenges = pgTable(
	'challenges',
	{
		id: textId(),
		title: text('title').notNull(),
		question: text('question').notNull(),
		whyItMatters: text('why_it_matters').notNull().default(''),
		quarter: text('quarter').notNull(),
		status: text('status', { enum: ['draft', 'open', 'closed'] }).notNull(),
		audience: text('audience', { enum: ['everyone', 'invited'] }).notNull(),
		sponsorId: optionalRef('sponsor_id', () => users.id, 'set null'),
		facilitatorId: ref('facilitator_id', () => users.id),
		createdBy: ref('created_by', () => users.id),
		voteBudget: integer('vote_budget').notNull(),
		voteCap: integer('vote_cap').notNull(),
		privateWriting: boolean('private_writing').notNull(),
		anonymousNotes: boolean('anonymous_notes').notNull(),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [index('challenges_quarter_idx').on(t.quarter)]
);

export const challengeTeams = pgTable(
	'challenge_teams',
	{
		challengeId: ref('challenge_id', () => challenges.id, 'cascade'),
		teamId: ref('team_id', () => teams.id, 'cascade')
	},
	(t) => [primaryKey({ columns: [t.challengeId, t.teamId] })]
);

export const challengeUsers = pgTable(
	'challenge_users',
	{
		challengeId: ref('challenge_id', () => challenges.id, 'cascade'),
		userId: ref('user_id', () => users.id, 'cascade')
	},
	(t) => [primaryKey({ columns: [t.challengeId, t.userId] })]
);

export type ChallengeRow = typeof challenges.$inferSelect;
