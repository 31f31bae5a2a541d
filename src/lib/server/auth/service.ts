import { count, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { teams, users } from '../db/schema/index.ts';
import { newId } from '../ids.ts';
import { DomainError } from '../../shared/errors.ts';
import { loginInput, signupInput, type PublicUser } from '../../shared/auth.ts';
import { parseInput } from '../../shared/validate.ts';
import { decoyHash, hashPassword, verifyPassword } from './password.ts';
import {
	createSession,
	generateSessionToken,
	invalidateSession,
	type AuthSession
} from './session.ts';
import { toPublicUser } from './users.ts';

export interface SignedIn {
	user: PublicUser;
	token: string;
	session: AuthSession;
}

// Serialises sign-ups so exactly one account, the first, becomes admin.
const SIGNUP_LOCK = 0x5753_0001;

export async function signup(ctx: AppContext, body: unknown): Promise<SignedIn> {
	const input = parseInput(signupInput, body);
	const passwordHash = await hashPassword(input.password);
	const row = await ctx.db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${SIGNUP_LOCK})`);
		if (input.team) {
			const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, input.team));
			if (!team) {
				throw new DomainError('invalid_input', 'That team does not exist.', {
					fields: { team: 'That team does not exist.' }
				});
			}
		}
		const [taken] = await tx
			.select({ id: users.id })
			.from(users)
			.where(eq(users.email, input.email));
		if (taken) {
			throw new DomainError(
				'email_taken',
				'An account with this email already exists. Log in instead.',
				{
					fields: { email: 'An account with this email already exists.' }
				}
			);
		}
		const [{ total } = { total: 0 }] = await tx.select({ total: count() }).from(users);
		const [created] = await tx
			.insert(users)
			.values({
				id: newId(),
				email: input.email,
				name: input.name,
				passwordHash,
				role: total === 0 ? 'admin' : 'member',
				teamId: input.team ?? null
			})
			.returning();
		return created!;
	});
	return startSession(ctx, row.id, toPublicUser(row));
}

const WRONG_CREDENTIALS = 'Email or password is incorrect.';

export async function login(ctx: AppContext, body: unknown, ip: string): Promise<SignedIn> {
	const input = parseInput(loginInput, body);
	await refuseWhileLocked(ctx, input.email, ip);
	const [row] = await ctx.db.select().from(users).where(eq(users.email, input.email));
	const valid = await verifyPassword(row?.passwordHash ?? (await decoyHash), input.password);
	if (!row || !valid) {
		await ctx.loginLimiter.recordFailure(input.email, ip);
		throw new DomainError('unauthenticated', WRONG_CREDENTIALS);
	}
	return startSession(ctx, row.id, toPublicUser(row));
}

async function refuseWhileLocked(ctx: AppContext, email: string, ip: string): Promise<void> {
	const retryAfter = await ctx.loginLimiter.retryAfter(email, ip);
	if (retryAfter !== null) {
		const minutes = Math.ceil(retryAfter / 60);
		throw new DomainError(
			'rate_limited',
			`Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
			{ retryAfter }
		);
	}
}

async function startSession(ctx: AppContext, userId: string, user: PublicUser): Promise<SignedIn> {
	const token = generateSessionToken();
	const session = await createSession(ctx.db, token, userId);
	return { user, token, session };
}

/** Ends the login session and closes the sockets it opened, on every node. */
export async function logout(ctx: AppContext, sessionId: string): Promise<void> {
	await invalidateSession(ctx.db, sessionId);
	ctx.sockets.endAuthSession(sessionId);
}

/** Whether anyone has signed up yet: a fresh install leads its first visitor to sign-up. */
export async function hasAccounts(ctx: AppContext): Promise<boolean> {
	const [first] = await ctx.db.select({ id: users.id }).from(users).limit(1);
	return first !== undefined;
}
