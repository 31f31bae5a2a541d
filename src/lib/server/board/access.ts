import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { liveSessions } from '../db/schema/index.ts';
import { requireUser } from '../auth/access.ts';
import { loadChallenge } from '../challenges/queries.ts';
import { admitTo, type SessionAccess } from '../sessions/access.ts';
import { DomainError } from '../../shared/errors.ts';
import type { PublicUser } from '../../shared/auth.ts';

/** A board is its session's: whoever may be in the session may open its board, nobody else. */
export async function authorizeBoard(
	ctx: AppContext,
	actor: PublicUser | null,
	boardId: string
): Promise<SessionAccess> {
	const user = requireUser(actor);
	const [row] = await ctx.db.select().from(liveSessions).where(eq(liveSessions.boardId, boardId));
	if (!row) throw new DomainError('not_found', 'That board does not exist.');
	return admitTo(ctx, user, row, (await loadChallenge(ctx.db, row.challengeId))!);
}
