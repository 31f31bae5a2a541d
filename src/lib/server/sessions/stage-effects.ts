import type { AppContext } from '../context.ts';
import type { LiveSessionRow } from '../db/schema/index.ts';
import type { Stage } from '../../shared/stages.ts';
import { publishBoardStage } from '../board/settings.ts';
import { revealOnLeavingDiverge } from '../board/reveal.ts';
import { voteStageChanged } from '../votes/service.ts';

/**
 * What a stage change sets off, whoever made it (a facilitator's command or the timer's
 * auto-advance): the board's read-only state, the reveal of private notes when leaving
 * `diverge`, and the vote's snapshot or freeze.
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
