import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { sessionAdmissions, type LiveSessionRow } from '../db/schema/index.ts';
import { requireUser } from '../auth/access.ts';
import { loadChallenge } from '../challenges/queries.ts';
import {
	canView,
	participantRole,
	requireManage,
	type ChallengeWithOwner
} from '../challenges/access.ts';
import { DomainError, found } from '../../shared/errors.ts';
import type { PublicUser } from '../../shared/auth.ts';
import type { ParticipantRole } from '../../shared/sessions.ts';
import { loadSession } from './queries.ts';

/** Proof that `user` may be in the session: only `authorizeSession` makes one. */
export interface SessionAccess {
	user: PublicUser;
	row: LiveSessionRow;
	challenge: ChallengeWithOwner;
	role: ParticipantRole;
}

/** Who may be in a session: anyone the challenge admits, or whom the facilitator let in. */
export async function authorizeSession(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string
): Promise<SessionAccess> {
	const user = requireUser(actor);
	const row = found(await loadSession(ctx.db, sessionId), 'session');
	return admitTo(ctx, user, row, (await loadChallenge(ctx.db, row.challengeId))!);
}

/** The same decision on a session and challenge already read (a join storm shares one read). */
export async function admitTo(
	ctx: AppContext,
	user: PublicUser,
	row: LiveSessionRow,
	challenge: ChallengeWithOwner
): Promise<SessionAccess> {
	if (!(await mayAccess(ctx, user, challenge, row.id))) {
		throw new DomainError(
			'not_invited',
			'You are not invited to this session. Ask the facilitator to let you in.'
		);
	}
	return { user, row, challenge, role: participantRole(user, challenge) };
}

/** Facilitator commands and the waiting list: the challenge's managers only. */
export async function authorizeManage(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string
): Promise<SessionAccess> {
	const access = await authorizeSession(ctx, actor, sessionId);
	requireManage(access.user, access.challenge);
	return access;
}

export function managesSession(access: SessionAccess): boolean {
	return access.role === 'facilitator';
}

/** The challenge admits them, or the facilitator let them into this session. */
export async function mayAccess(
	ctx: AppContext,
	user: PublicUser,
	challenge: ChallengeWithOwner,
	sessionId: string
): Promise<boolean> {
	return (
		canView(user, challenge) || (await admissionStatus(ctx, sessionId, user.id)) === 'admitted'
	);
}

/** Where someone stands with a session they are not invited to: waiting, admitted or neither. */
export async function admissionStatus(
	ctx: AppContext,
	sessionId: string,
	userId: string
): Promise<'waiting' | 'admitted' | null> {
	const [row] = await ctx.db
		.select({ status: sessionAdmissions.status })
		.from(sessionAdmissions)
		.where(and(eq(sessionAdmissions.sessionId, sessionId), eq(sessionAdmissions.userId, userId)));
	return row?.status ?? null;
}

/**
 * After a challenge's invitations changed: for each member of its sessions, whether they may stay
 * in every session they are in.
 */
export async function mayStay(
	ctx: AppContext,
	challengeId: string,
	members: { user: PublicUser; sessionIds: string[] }[]
): Promise<boolean[]> {
	const challenge = await loadChallenge(ctx.db, challengeId);
	if (!challenge) return members.map(() => false);
	return Promise.all(
		members.map(async ({ user, sessionIds }) =>
			(await Promise.all(sessionIds.map((id) => mayAccess(ctx, user, challenge, id)))).every(
				Boolean
			)
		)
	);
}
