import { index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { teams } from './teams.ts';

export const users = pgTable(
	'users',
	{
		id: text('id').primaryKey(),
		/** Stored lower-cased, so uniqueness is case-insensitive. */
		email: text('email').notNull(),
		name: text('name').notNull(),
		passwordHash: text('password_hash').notNull(),
		role: text('role', { enum: ['admin', 'facilitator', 'member'] }).notNull(),
		teamId: text('team_id').references(() => teams.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('users_email_idx').on(t.email), index('users_team_idx').on(t.teamId)]
);

/** Lucia-style sessions: the id is the SHA-256 of the token the browser holds. */
export const authSessions = pgTable(
	'auth_sessions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
	},
	(t) => [index('auth_sessions_user_idx').on(t.userId)]
);

export type UserRow = typeof users.$inferSelect;
export type AuthSessionRow = typeof authSessions.$inferSelect;

/** Personal API tokens for integrations; like sessions, only the SHA-256 is stored. */
export const apiTokens = pgTable(
	'api_tokens',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		tokenHash: text('token_hash').notNull(),
		/** The first characters of the token, so people can tell their tokens apart. */
		preview: text('preview').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		lastUsedAt: timestamp('last_used_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('api_tokens_hash_idx').on(t.tokenHash),
		index('api_tokens_user_idx').on(t.userId)
	]
);

export type ApiTokenRow = typeof apiTokens.$inferSelect;
