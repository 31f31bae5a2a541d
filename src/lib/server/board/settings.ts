import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { AppContext } from '../context.ts';
import { challenges, liveSessions } from '../db/schema/index.ts';
import type { Stage } from '../../shared/stages.ts';

export interface BoardSettings {
	sessionId: string;
	stage: Stage;
	anonymous: boolean;
	privateWriting: boolean;
	privateRevealed: boolean;
}

/** What the server needs to know about a board's session to police its updates. */
export async function boardSettings(db: Db, boardId: string): Promise<BoardSettings | null> {
	const [row] = await db
		.select({
			sessionId: liveSessions.id,
			stage: liveSessions.stage,
			anonymous: challenges.anonymousNotes,
			privateWriting: challenges.privateWriting,
			revealedAt: liveSessions.privateRevealedAt
		})
		.from(liveSessions)
		.innerJoin(challenges, eq(challenges.id, liveSessions.challengeId))
		.where(eq(liveSessions.boardId, boardId));
	if (!row) return null;
	const { revealedAt, ...rest } = row;
	return { ...rest, privateRevealed: revealedAt !== null };
}

/** Bus channel on which a stage change reaches every node's open board. */
export const BOARD_STAGE_CHANNEL = 'board:stage';
export interface BoardStageMessage {
	boardId: string;
	stage: Stage;
}

export async function publishBoardStage(
	ctx: AppContext,
	boardId: string,
	stage: Stage
): Promise<void> {
	const message: BoardStageMessage = { boardId, stage };
	await ctx.bus.publish(BOARD_STAGE_CHANNEL, JSON.stringify(message));
}

/** Bus channel on which a reveal reaches every node's private documents of a board. */
export const BOARD_REVEAL_CHANNEL = 'board:reveal';

export async function publishBoardReveal(ctx: AppContext, boardId: string): Promise<void> {
	await ctx.bus.publish(BOARD_REVEAL_CHANNEL, JSON.stringify({ boardId }));
}
