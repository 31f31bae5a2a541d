import { and, eq, lte, ne } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { liveSessions } from '../db/schema/index.ts';
import { nextStage } from '../../shared/stages.ts';
import type { Stage } from '../../shared/stages.ts';
import { IDLE_TIMER } from '../../shared/timer.ts';
import { bumpVersion, lockSession, recordStage, storedTimer, timerColumns } from './queries.ts';
import { sessionState } from './lifecycle.ts';
import { stageChanged, stageChangeWrites } from './stage-effects.ts';

/**
 * Moves sessions whose opt-in auto-advance timer reached zero to their next stage. Every node
 * runs this; the row lock and the re-check make sure each session advances once.
 */
export async function advanceExpiredTimers(ctx: AppContext, now = Date.now()): Promise<number> {
	const due = await ctx.db
		.select({ id: liveSessions.id })
		.from(liveSessions)
		.where(
			and(
				eq(liveSessions.timerState, 'running'),
				eq(liveSessions.timerAutoAdvance, true),
				lte(liveSessions.timerEndsAt, new Date(now)),
				ne(liveSessions.stage, 'closed')
			)
		);
	let advanced = 0;
	for (const { id } of due) {
		let from: Stage = 'lobby';
		const row = await ctx.db.transaction(async (tx) => {
			const current = await lockSession(tx, id);
			const timer = current && storedTimer(current);
			if (!current || !timer || timer.state !== 'running' || !timer.autoAdvance) return null;
			if ((timer.endsAt ?? Infinity) > now) return null;
			const to = nextStage(current.stage);
			// The last stage has nowhere to go: the timer just stays at zero.
			if (!to) return null;
			from = current.stage;
			await recordStage(tx, id, to, new Date(now));
			await stageChangeWrites(tx, id, to);
			const [updated] = await tx
				.update(liveSessions)
				.set({ stage: to, notice: null, ...timerColumns(IDLE_TIMER), version: bumpVersion })
				.where(eq(liveSessions.id, id))
				.returning();
			return updated!;
		});
		if (row) {
			advanced++;
			ctx.sockets.publishState(sessionState(row));
			await stageChanged(ctx, from, row);
		}
	}
	return advanced;
}
