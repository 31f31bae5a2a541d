import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { AppContext } from '../context.ts';
import { challenges, liveSessions } from '../db/schema/index.ts';
import type { Stage } from '../../shared/stages.ts';

export interface BoardSettings {
	sessionId: string;
	stage: Stage;
	anonymous: boolean;
}

/** What the server needs to know about a board's session to police its updates. */
export async function boardSettings(db: Db, boardId: string): Promise<BoardSettings | null> {
	const [row] = await db
		.select({
			sessionId: liveSessions.id,
			stage: liveSessions.stage,
			anonymous: challenges.anonymousNotes
		})
		.from(liveSessions)
		.innerJoin(challenges, eq(challenges.id, liveSessions.challengeId))
		.where(eq(liveSessions.boardId, boardId));
	return row ?? null;
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
