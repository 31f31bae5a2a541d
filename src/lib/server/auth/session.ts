import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { authSessions, users } from '../db/schema/index.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { toPublicUser } from './users.ts';

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY;
export const SESSION_COOKIE = 'ws_session';

export interface AuthSession {
	id: string;
	userId: string;
	expiresAt: Date;
}

export interface SessionValidation {
	session: AuthSession;
	user: PublicUser;
	/** True when the expiry moved and the cookie should be sent again. */
	renewed: boolean;
}

/** 20 random bytes (160 bits) as base32: the browser holds this, the database only its hash. */
export function generateSessionToken(): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(db: Db, token: string, userId: string): Promise<AuthSession> {
	const session = {
		id: sessionIdFromToken(token),
		userId,
		expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS)
	};
	await db.insert(authSessions).values(session);
	return session;
}

/** Looks the token up, drops it when expired, and slides the expiry in its second half. */
export async function validateSessionToken(
	db: Db,
	token: string
): Promise<SessionValidation | null> {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const id = sessionIdFromToken(token);
	const [row] = await db
		.select({ session: authSessions, user: users })
		.from(authSessions)
		.innerJoin(users, eq(authSessions.userId, users.id))
		.where(eq(authSessions.id, id));
	if (!row) return null;
	const { session, user } = row;
	const now = Date.now();
	if (now >= session.expiresAt.getTime()) {
		await db.delete(authSessions).where(eq(authSessions.id, id));
		return null;
	}
	let renewed = false;
	if (now >= session.expiresAt.getTime() - SESSION_LIFETIME_MS / 2) {
		session.expiresAt = new Date(now + SESSION_LIFETIME_MS);
		await db
			.update(authSessions)
			.set({ expiresAt: session.expiresAt })
			.where(eq(authSessions.id, id));
		renewed = true;
	}
	return { session, user: toPublicUser(user), renewed };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
	await db.delete(authSessions).where(eq(authSessions.id, sessionId));
}

export interface CookieOptions {
	path: string;
	httpOnly: boolean;
	sameSite: 'lax';
	secure: boolean;
	expires: Date;
}

export function sessionCookieOptions(expiresAt: Date, secure: boolean): CookieOptions {
	return { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt };
}
