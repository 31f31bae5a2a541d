import { asc, eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { liveSessions, type LiveSessionRow } from '../db/schema/index.ts';
import { newId } from '../ids.ts';
import { requireUser } from '../auth/access.ts';
import { existingChallenge } from '../challenges/queries.ts';
import { requireManage } from '../challenges/access.ts';
import { getVisibleChallenge } from '../challenges/service.ts';
import { DomainError } from '../../shared/errors.ts';
import type { PublicUser } from '../../shared/auth.ts';
import type { LiveSession, SessionView } from '../../shared/sessions.ts';
import { viewTimer } from '../../shared/timer.ts';
import type { SessionState } from '../../shared/realtime.ts';
import { generateJoinCode } from './join-code.ts';
import { authorizeSession } from './access.ts';
import { listParticipants } from './presence.ts';
import { loadStageHistory, recordStage, storedTimer, toLiveSession } from './queries.ts';

export function sessionState(row: LiveSessionRow, now = Date.now()): SessionState {
	return { session: toLiveSession(row), timer: viewTimer(storedTimer(row), now), serverNow: now };
}

/** The facilitator of an open challenge starts a live session of it, in the lobby. */
export async function startSession(
	ctx: AppContext,
	actor: PublicUser | null,
	challengeId: string
): Promise<LiveSession> {
	const user = requireUser(actor);
	const challenge = await existingChallenge(ctx.db, challengeId);
	requireManage(user, challenge);
	if (challenge.status !== 'open') {
		throw new DomainError(
			'conflict',
			`Open the challenge before starting a session (it is ${challenge.status}).`
		);
	}
	for (let attempt = 0; ; attempt++) {
		const id = newId();
		try {
			const row = await ctx.db.transaction(async (tx) => {
				const [created] = await tx
					.insert(liveSessions)
					.values({
						id,
						challengeId,
						boardId: newId(),
						joinCode: generateJoinCode(),
						stage: 'lobby',
						createdBy: user.id
					})
					.returning();
				await recordStage(tx, id, 'lobby', created!.createdAt);
				return created!;
			});
			return toLiveSession(row);
		} catch (error) {
			// Another open session holds that code: draw again.
			if (attempt < 5 && isUniqueViolation(error)) continue;
			throw error;
		}
	}
}

export async function getSessionView(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string
): Promise<SessionView> {
	const { row } = await authorizeSession(ctx, actor, sessionId);
	const { session, timer, serverNow } = sessionState(row);
	const [participants, stageHistory] = await Promise.all([
		listParticipants(ctx, sessionId),
		loadStageHistory(ctx.db, sessionId)
	]);
	return { ...session, timer, serverNow, participants, stageHistory };
}

/** The sessions of a challenge, for those who may see the challenge. */
export async function listChallengeSessions(
	ctx: AppContext,
	actor: PublicUser | null,
	challengeId: string
): Promise<LiveSession[]> {
	await getVisibleChallenge(ctx, actor, challengeId);
	const rows = await ctx.db
		.select()
		.from(liveSessions)
		.where(eq(liveSessions.challengeId, challengeId))
		.orderBy(asc(liveSessions.createdAt));
	return rows.map(toLiveSession);
}

function isUniqueViolation(error: unknown): boolean {
	for (let e = error; e; e = (e as { cause?: unknown }).cause) {
		if ((e as { code?: unknown }).code === '23505') return true;
	}
	return false;
}
