import { desc, eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { attendance, users, type LiveSessionRow } from '../db/schema/index.ts';
import { loadStageHistory } from './queries.ts';
import type { StageRun } from '../../shared/sessions.ts';

/** How an ended session went, for the people who may see it (the caller has authorized them). */
export interface SessionRecord {
	startedAt: number;
	endedAt: number | null;
	stageHistory: StageRun[];
	people: { userId: string; name: string; teamId: string | null; presentMs: number }[];
}

export async function sessionRecord(ctx: AppContext, row: LiveSessionRow): Promise<SessionRecord> {
	const [stageHistory, people] = await Promise.all([
		loadStageHistory(ctx.db, row.id),
		ctx.db
			.select({
				userId: users.id,
				name: users.name,
				teamId: users.teamId,
				presentMs: attendance.presentMs
			})
			.from(attendance)
			.innerJoin(users, eq(users.id, attendance.userId))
			.where(eq(attendance.sessionId, row.id))
			.orderBy(desc(attendance.presentMs))
	]);
	return {
		startedAt: row.createdAt.getTime(),
		endedAt: row.endedAt?.getTime() ?? null,
		stageHistory,
		people
	};
}
