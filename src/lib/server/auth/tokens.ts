import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import { apiTokens, users, type ApiTokenRow } from '../db/schema/index.ts';
import { newId } from '../ids.ts';
import { requireUser } from './access.ts';
import { toPublicUser } from './users.ts';
import { DomainError } from '../../shared/errors.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { TEXT_LIMITS } from '../../shared/limits.ts';
import { parseInput } from '../../shared/validate.ts';

const PREFIX = 'wst_';
const MAX_TOKENS_PER_USER = 20;
/** `last_used_at` is informative; writing it on every request would cost a write per call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiTokenInfo {
	id: string;
	name: string;
	preview: string;
	createdAt: number;
	lastUsedAt: number | null;
}

const tokenInput = z.strictObject({
	name: z
		.string({ error: 'Name the token after what will use it.' })
		.trim()
		.min(1, 'Name the token after what will use it.')
		.max(TEXT_LIMITS.tokenName, `Keep token names under ${TEXT_LIMITS.tokenName} characters.`)
});

const hashToken = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

function toInfo(row: ApiTokenRow): ApiTokenInfo {
	return {
		id: row.id,
		name: row.name,
		preview: row.preview,
		createdAt: row.createdAt.getTime(),
		lastUsedAt: row.lastUsedAt?.getTime() ?? null
	};
}

/** Creates a token for the actor; the token itself is returned this once and never again. */
export async function createApiToken(
	ctx: AppContext,
	actor: PublicUser | null,
	body: unknown
): Promise<{ token: string; info: ApiTokenInfo }> {
	const user = requireUser(actor);
	const { name } = parseInput(tokenInput, body);
	const existing = await ctx.db
		.select({ id: apiTokens.id })
		.from(apiTokens)
		.where(eq(apiTokens.userId, user.id));
	if (existing.length >= MAX_TOKENS_PER_USER) {
		throw new DomainError(
			'conflict',
			`You have ${MAX_TOKENS_PER_USER} tokens; revoke one you no longer use first.`
		);
	}
	const token = PREFIX + encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
	const [row] = await ctx.db
		.insert(apiTokens)
		.values({
			id: newId(),
			userId: user.id,
			name,
			tokenHash: hashToken(token),
			preview: token.slice(0, 10)
		})
		.returning();
	return { token, info: toInfo(row!) };
}

export async function listApiTokens(
	ctx: AppContext,
	actor: PublicUser | null
): Promise<ApiTokenInfo[]> {
	const user = requireUser(actor);
	const rows = await ctx.db
		.select()
		.from(apiTokens)
		.where(eq(apiTokens.userId, user.id))
		.orderBy(desc(apiTokens.createdAt));
	return rows.map(toInfo);
}

/** People revoke their own tokens; admins may revoke anyone's. */
export async function revokeApiToken(
	ctx: AppContext,
	actor: PublicUser | null,
	id: string
): Promise<void> {
	const user = requireUser(actor);
	const owner = user.role === 'admin' ? undefined : eq(apiTokens.userId, user.id);
	const deleted = await ctx.db
		.delete(apiTokens)
		.where(and(eq(apiTokens.id, id), owner))
		.returning({ id: apiTokens.id });
	if (deleted.length === 0) throw new DomainError('not_found', 'That token does not exist.');
}

/** The user a bearer token stands for, or null. */
export async function validateApiToken(db: Db, token: string): Promise<PublicUser | null> {
	if (!token.startsWith(PREFIX) || token.length > 100) return null;
	const hash = hashToken(token);
	const [row] = await db
		.select({ user: users, lastUsedAt: apiTokens.lastUsedAt })
		.from(apiTokens)
		.innerJoin(users, eq(users.id, apiTokens.userId))
		.where(eq(apiTokens.tokenHash, hash));
	if (!row) return null;
	const now = new Date();
	if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
		const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
		await db
			.update(apiTokens)
			.set({ lastUsedAt: now })
			.where(
				and(
					eq(apiTokens.tokenHash, hash),
					or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, stale))
				)
			);
	}
	return toPublicUser(row.user);
}
