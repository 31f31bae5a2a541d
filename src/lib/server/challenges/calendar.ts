import { inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { attendance, liveSessions } from '../db/schema/index.ts';
import type { PublicUser } from '../../shared/auth.ts';
import type { Challenge } from '../../shared/challenges.ts';
import type { Stage } from '../../shared/stages.ts';
import { listChallenges } from './service.ts';

export interface CalendarSession {
	id: string;
	stage: Stage;
	startedAt: number;
	endedAt: number | null;
	people: number;
}

export interface CalendarEntry {
	challenge: Challenge;
	sessions: CalendarSession[];
	/** Outcome counts; ideas and commitments join as the board and execution arrive. */
	outcomes: { sessions: number; people: number; minutesPresent: number };
}

export interface CalendarQuarter {
	quarter: string;
	entries: CalendarEntry[];
}

/** The white space calendar: the challenges the actor may see, by quarter, newest first. */
export async function calendar(
	ctx: AppContext,
	actor: PublicUser | null
): Promise<CalendarQuarter[]> {
	const challenges = await listChallenges(ctx, actor);
	if (challenges.length === 0) return [];
	const sessions = await ctx.db
		.select()
		.from(liveSessions)
		.where(
			inArray(
				liveSessions.challengeId,
				challenges.map((c) => c.id)
			)
		);
	const presence = sessions.length
		? await ctx.db
				.select({
					sessionId: attendance.sessionId,
					people: sql<number>`count(*)::int`,
					ms: sql<number>`coalesce(sum(${attendance.presentMs}), 0)::bigint`
				})
				.from(attendance)
				.where(
					inArray(
						attendance.sessionId,
						sessions.map((s) => s.id)
					)
				)
				.groupBy(attendance.sessionId)
		: [];
	const bySession = new Map(
		presence.map((p) => [p.sessionId, { people: Number(p.people), ms: Number(p.ms) }])
	);

	const quarters = new Map<string, CalendarEntry[]>();
	for (const challenge of challenges) {
		const own = sessions
			.filter((s) => s.challengeId === challenge.id)
			.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
			.map((s) => ({
				id: s.id,
				stage: s.stage,
				startedAt: s.createdAt.getTime(),
				endedAt: s.endedAt?.getTime() ?? null,
				people: bySession.get(s.id)?.people ?? 0
			}));
		const ms = own.reduce((sum, s) => sum + (bySession.get(s.id)?.ms ?? 0), 0);
		const entry: CalendarEntry = {
			challenge,
			sessions: own,
			outcomes: {
				sessions: own.length,
				people: own.reduce((sum, s) => sum + s.people, 0),
				minutesPresent: Math.round(ms / 60_000)
			}
		};
		quarters.set(challenge.quarter, [...(quarters.get(challenge.quarter) ?? []), entry]);
	}
	return [...quarters]
		.sort(([a], [b]) => b.localeCompare(a))
		.map(([quarter, entries]) => ({ quarter, entries }));
}
