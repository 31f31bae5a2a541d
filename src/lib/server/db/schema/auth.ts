import { index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, optionalRef, ref, textId, timestamptz } from './columns.ts';
import { teams } from './teams.ts';

export const users = pgTable(
	'users',
	{
		id: textId(),
		/** Stored lower-cased, so uniqueness is case-insensitive. */
		email: text('email').notNull(),
		name: text('name').notNull(),
		passwordHash: text('password_hash').notNull(),
		role: text('role', { enum: ['admin', 'facilitator', 'member'] }).notNull(),
		teamId: optionalRef('team_id', () => teams.id, 'set null'),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('users_email_idx').on(t.email), index('users_team_idx').on(t.teamId)]
);

/** Lucia-style sessions: the id is the SHA-256 of the token the browser holds. */
export const authSessions = pgTable(
	'auth_sessions',
	{
		id: textId(),
		userId: ref('user_id', () => users.id, 'cascade'),
		expiresAt: timestamptz('expires_at').notNull()
	},
	(t) => [index('auth_sessions_user_idx').on(t.userId)]
);

export type UserRow = typeof users.$inferSelect;
export type AuthSessionRow = typeof authSessions.$inferSelect;

/** Personal API tokens for integrations; like sessions, only the SHA-256 is stored. */
export const apiTokens = pgTable(
	'api_tokens',
	{
		id: textId(),
		userId: ref('user_id', () => users.id, 'cascade'),
		name: text('name').notNull(),
		tokenHash: text('token_hash').notNull(),
		/** The first characters of the token, so people can tell their tokens apart. */
		preview: text('preview').notNull(),
		createdAt: createdAt(),
		lastUsedAt: timestamptz('last_used_at')
	},
	(t) => [
		uniqueIndex('api_tokens_hash_idx').on(t.tokenHash),
		index('api_tokens_user_idx').on(t.userId)
	]
);

export type ApiTokenRow = typeof apiTokens.$inferSelect;
