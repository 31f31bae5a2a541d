import { and, eq, ne } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { authSessions, users } from '../db/schema/index.ts';
import { DomainError } from '../../shared/errors.ts';
import { passwordChangeInput, profileInput, type PublicUser } from '../../shared/auth.ts';
import { parseInput } from '../../shared/validate.ts';
import { requireUser } from './access.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { toPublicUser } from './users.ts';

/** People change their own name; email, role and team stay with the admin. */
export async function updateProfile(
	ctx: AppContext,
	actor: PublicUser | null,
	body: unknown
): Promise<PublicUser> {
	// authorize
	const user = requireUser(actor);
	// validate
	const { name } = parseInput(profileInput, body);
	// apply
	const [row] = await ctx.db.update(users).set({ name }).where(eq(users.id, user.id)).returning();
	if (!row) throw new DomainError('unauthenticated', 'Log in again to continue.');
	// publish: open sockets carry the old name into presence; they reconnect with the new one.
	ctx.sockets.refreshUser(user.id);
	return toPublicUser(row);
}

/**
 * Changes the password after checking the current one, then signs out every other login
 * session of the person, sockets included, keeping `keepSessionId` (the caller's own; null for
 * an API token, which keeps no login session). Wrong current passwords count as failed logins,
 * so a stolen session cannot guess the password faster than the log-in page allows.
 */
export async function changePassword(
	ctx: AppContext,
	actor: PublicUser | null,
	keepSessionId: string | null,
	body: unknown,
	ip: string
): Promise<{ signedOut: number }> {
	// authorize
	const user = requireUser(actor);
	// validate
	const input = parseInput(passwordChangeInput, body);
	const retryAfter = await ctx.loginLimiter.retryAfter(user.email, ip);
	if (retryAfter !== null) {
		throw new DomainError('rate_limited', 'Too many wrong passwords. Try again later.', {
			retryAfter
		});
	}
	const [row] = await ctx.db.select().from(users).where(eq(users.id, user.id));
	if (!row || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
		await ctx.loginLimiter.recordFailure(user.email, ip);
		throw new DomainError('invalid_input', 'Your current password is not right.', {
			fields: { currentPassword: 'That is not your current password.' }
		});
	}
	// apply
	const passwordHash = await hashPassword(input.newPassword);
	const ended = await ctx.db.transaction(async (tx) => {
		await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
		const others = keepSessionId
			? and(eq(authSessions.userId, user.id), ne(authSessions.id, keepSessionId))
			: eq(authSessions.userId, user.id);
		return tx.delete(authSessions).where(others).returning({ id: authSessions.id });
	});
	// publish
	for (const { id } of ended) ctx.sockets.endAuthSession(id);
	return { signedOut: ended.length };
}
