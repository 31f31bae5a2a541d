import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../challenges/queries.ts';
import type { LiveSessionRow } from '../db/schema/index.ts';
import type { Stage } from '../../shared/stages.ts';
import { publishBoardStage } from '../board/settings.ts';
import { revealOnLeavingDiverge } from '../board/reveal.ts';
import { voteStageChanged, voteStageWrites } from '../votes/service.ts';

/**
 * What a stage change writes in its own transaction, whoever made it, so it commits with the
 * stage or not at all: the end of the vote's receipts when the session ends.
 */
export async function stageChangeWrites(tx: DbOrTx, sessionId: string, to: Stage): Promise<void> {
	await voteStageWrites(tx, sessionId, to);
}

/**
 * What a stage change sets off once it committed, whoever made it (a facilitator's command or
 * the timer's auto-advance): the board's read-only state, the reveal of private notes when
 * leaving `diverge`, and the vote's snapshot or freeze.
 */
export async function stageChanged(
	ctx: AppContext,
	from: Stage,
	row: LiveSessionRow
): Promise<void> {
	if (row.stage === from) return;
	await publishBoardStage(ctx, row.boardId, row.stage);
	await revealOnLeavingDiverge(ctx, from, row);
	await voteStageChanged(ctx, row.id, row.stage);
}
