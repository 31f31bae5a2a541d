import { boolean, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { teams } from './teams.ts';

export const challenges = pgTable(
	'challenges',
	{
		id: text('id').primaryKey(),
		title: text('title').notNull(),
		question: text('question').notNull(),
		whyItMatters: text('why_it_matters').notNull().default(''),
		quarter: text('quarter').notNull(),
		status: text('status', { enum: ['draft', 'open', 'closed'] }).notNull(),
		audience: text('audience', { enum: ['everyone', 'invited'] }).notNull(),
		sponsorId: text('sponsor_id').references(() => users.id, { onDelete: 'set null' }),
		facilitatorId: text('facilitator_id')
			.notNull()
			.references(() => users.id),
		createdBy: text('created_by')
			.notNull()
			.references(() => users.id),
		voteBudget: integer('vote_budget').notNull(),
		voteCap: integer('vote_cap').notNull(),
		privateWriting: boolean('private_writing').notNull(),
		anonymousNotes: boolean('anonymous_notes').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('challenges_quarter_idx').on(t.quarter)]
);

export const challengeTeams = pgTable(
	'challenge_teams',
	{
		challengeId: text('challenge_id')
			.notNull()
			.references(() => challenges.id, { onDelete: 'cascade' }),
		teamId: text('team_id')
			.notNull()
			.references(() => teams.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.challengeId, t.teamId] })]
);

export const challengeUsers = pgTable(
	'challenge_users',
	{
		challengeId: text('challenge_id')
			.notNull()
			.references(() => challenges.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.challengeId, t.userId] })]
);

export type ChallengeRow = typeof challenges.$inferSelect;
