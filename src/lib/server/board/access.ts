import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { liveSessions } from '../db/schema/index.ts';
import { loadChallenge } from '../challenges/queries.ts';
import { mayAccess } from '../sessions/access.ts';
import { DomainError } from '../../shared/errors.ts';
import type { PublicUser } from '../../shared/auth.ts';

export interface BoardAccess {
	boardId: string;
	sessionId: string;
	challengeId: string;
}

/** A board belongs to one live session; whoever may be in the session may open its board. */
export async function authorizeBoard(
	ctx: AppContext,
	user: PublicUser,
	boardId: string
): Promise<BoardAccess> {
	const [row] = await ctx.db
		.select({ id: liveSessions.id, challengeId: liveSessions.challengeId })
		.from(liveSessions)
		.where(eq(liveSessions.boardId, boardId));
	const challenge = row && (await loadChallenge(ctx.db, row.challengeId));
	if (!row || !challenge) throw new DomainError('not_found', 'That board does not exist.');
	if (!(await mayAccess(ctx, user, challenge, row.id))) {
		throw new DomainError('not_invited', 'You are not invited to this session.');
	}
	return { boardId, sessionId: row.id, challengeId: row.challengeId };
}

/** Whether someone holding a board open may still see it (after an invitation change). */
export async function stillAllowed(
	ctx: AppContext,
	user: PublicUser,
	access: BoardAccess
): Promise<boolean> {
	const challenge = await loadChallenge(ctx.db, access.challengeId);
	return !!challenge && (await mayAccess(ctx, user, challenge, access.sessionId));
}
