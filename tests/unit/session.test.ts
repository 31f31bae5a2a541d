import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, it, expect, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase, type Database, type Db } from '../../src/lib/server/db/client.ts';
import { authSessions, users } from '../../src/lib/server/db/schema/index.ts';
import {
	SESSION_LIFETIME_MS,
	createSession,
	generateSessionToken,
	invalidateSession,
	sessionCookieOptions,
	sessionIdFromToken,
	validateSessionToken
} from '../../src/lib/server/auth/session.ts';

const DAY = 24 * 60 * 60 * 1000;

describe('generateSessionToken', () => {
	it('gives 32 lower-case base32 characters, which carry 160 bits', () => {
		const token = generateSessionToken();
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		expect(token.length * 5).toBe(160);
	});

	it('gives a different token on every call', () => {
		const tokens = new Set(Array.from({ length: 200 }, () => generateSessionToken()));
		expect(tokens.size).toBe(200);
	});
});

describe('sessionIdFromToken', () => {
	it('is the lower-case hex SHA-256 of the token', () => {
		const token = generateSessionToken();
		expect(sessionIdFromToken(token)).toBe(createHash('sha256').update(token).digest('hex'));
	});

	it('is stable for one token and differs between tokens', () => {
		expect(sessionIdFromToken('abc')).toBe(sessionIdFromToken('abc'));
		expect(sessionIdFromToken('abc')).not.toBe(sessionIdFromToken('abd'));
	});
});

describe('sessionCookieOptions', () => {
	it('makes an HttpOnly, SameSite=lax cookie for the whole site that expires with the session', () => {
		const expires = new Date('2030-01-02T03:04:05Z');
		expect(sessionCookieOptions(expires, true)).toStrictEqual({
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: true,
			expires
		});
	});

	it('passes the secure flag through', () => {
		expect(sessionCookieOptions(new Date(), false).secure).toBe(false);
		expect(sessionCookieOptions(new Date(), true).secure).toBe(true);
	});
});

describe('sessions in the database', () => {
	let database: Database;
	let db: Db;
	const user = {
		id: 'user-ada',
		email: 'ada@example.com',
		name: 'Ada',
		passwordHash: 'not-a-real-hash',
		role: 'facilitator' as const
	};
	const start = new Date('2030-06-01T12:00:00Z').getTime();

	beforeAll(async () => {
		database = await openDatabase({ dataDir: null });
		db = database.db;
		await db.insert(users).values(user);
	});

	afterAll(async () => {
		await database?.close();
	});

	beforeEach(() => {
		// Only Date is faked: PGlite keeps its real timers.
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(start);
	});

	afterEach(() => {
		vi.useRealTimers();
	});

	async function storedSession(id: string) {
		const [row] = await db.select().from(authSessions).where(eq(authSessions.id, id));
		return row;
	}

	it('stores the hash of the token, never the token itself, with a 30-day expiry', async () => {
		const token = generateSessionToken();
		const session = await createSession(db, token, user.id);
		expect(session.id).toBe(sessionIdFromToken(token));
		expect(session.expiresAt.getTime()).toBe(start + SESSION_LIFETIME_MS);
		expect(SESSION_LIFETIME_MS).toBe(30 * DAY);
		const row = await storedSession(session.id);
		expect(row).toEqual({ id: session.id, userId: user.id, expiresAt: session.expiresAt });
		expect(await storedSession(token)).toBeUndefined();
	});

	it('returns the public user for a fresh session', async () => {
		const token = generateSessionToken();
		const session = await createSession(db, token, user.id);
		const result = await validateSessionToken(db, token);
		expect(result).not.toBeNull();
		expect(result?.user).toStrictEqual({
			id: user.id,
			email: user.email,
			name: user.name,
			role: user.role,
			teamId: null
		});
		expect(result?.session).toEqual(session);
		expect(result?.renewed).toBe(false);
	});

	it('does not renew a session in the first half of its life', async () => {
		const token = generateSessionToken();
		const session = await createSession(db, token, user.id);
		vi.setSystemTime(start + 14 * DAY);
		const result = await validateSessionToken(db, token);
		expect(result?.renewed).toBe(false);
		expect(result?.session.expiresAt.getTime()).toBe(session.expiresAt.getTime());
		expect((await storedSession(session.id))?.expiresAt.getTime()).toBe(
			session.expiresAt.getTime()
		);
	});

	it('slides the expiry to 30 days from now for a session in the second half of its life', async () => {
		const token = generateSessionToken();
		const session = await createSession(db, token, user.id);
		const now = start + 16 * DAY;
		vi.setSystemTime(now);
		const result = await validateSessionToken(db, token);
		expect(result?.renewed).toBe(true);
		expect(result?.session.expiresAt.getTime()).toBe(now + 30 * DAY);
		expect((await storedSession(session.id))?.expiresAt.getTime()).toBe(now + 30 * DAY);
	});

	it('keeps a renewed session alive past its original expiry', async () => {
		const token = generateSessionToken();
		await createSession(db, token, user.id);
		vi.setSystemTime(start + 20 * DAY);
		expect((await validateSessionToken(db, token))?.renewed).toBe(true);
		vi.setSystemTime(start + 40 * DAY);
		expect(await validateSessionToken(db, token)).not.toBeNull();
	});

	it('returns null for an expired session and deletes it', async () => {
		const token = generateSessionToken();
		const session = await createSession(db, token, user.id);
		await db
			.update(authSessions)
			.set({ expiresAt: new Date(start - 1000) })
			.where(eq(authSessions.id, session.id));
		expect(await validateSessionToken(db, token)).toBeNull();
		expect(await storedSession(session.id)).toBeUndefined();
	});

	it('treats a session as expired at the instant its expiry is reached', async () => {
		const token = generateSessionToken();
		const session = await createSession(db, token, user.id);
		vi.setSystemTime(session.expiresAt);
		expect(await validateSessionToken(db, token)).toBeNull();
		expect(await storedSession(session.id)).toBeUndefined();
	});

	it('returns null for a well-formed token that has no session', async () => {
		expect(await validateSessionToken(db, generateSessionToken())).toBeNull();
	});

	it('returns null for an invalidated session', async () => {
		const token = generateSessionToken();
		const session = await createSession(db, token, user.id);
		await invalidateSession(db, session.id);
		expect(await validateSessionToken(db, token)).toBeNull();
	});

	it.each([
		['empty', ''],
		['too short', 'a'.repeat(31)],
		['too long', 'a'.repeat(33)],
		['upper-case', 'A'.repeat(32)],
		['outside base32', '0'.repeat(32)],
		['SQL-looking', "' or 1=1 --aaaaaaaaaaaaaaaaaaaaa"]
	])('returns null for a %s token without querying the database', async (_label, token) => {
		const untouchable = new Proxy(
			{},
			{
				get(_target, property) {
					throw new Error(`the database was touched (${String(property)})`);
				}
			}
		) as Db;
		await expect(validateSessionToken(untouchable, token)).resolves.toBeNull();
	});
});
