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
	/** Time present summed over everyone, in ms. */
	presentMs: number;
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

/** Every session of the given challenges, oldest first, with who attended and for how long. */
export async function summarizeSessions(
	ctx: AppContext,
	challengeIds: string[]
): Promise<Map<string, CalendarSession[]>> {
	const byChallenge = new Map<string, CalendarSession[]>(challengeIds.map((id) => [id, []]));
	if (challengeIds.length === 0) return byChallenge;
	const sessions = await ctx.db
		.select()
		.from(liveSessions)
		.where(inArray(liveSessions.challengeId, challengeIds));
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
	const bySession = new Map(presence.map((p) => [p.sessionId, p]));
	for (const s of sessions.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
		const seen = bySession.get(s.id);
		byChallenge.get(s.challengeId)?.push({
			id: s.id,
			stage: s.stage,
			startedAt: s.createdAt.getTime(),
			endedAt: s.endedAt?.getTime() ?? null,
			people: Number(seen?.people ?? 0),
			presentMs: Number(seen?.ms ?? 0)
		});
	}
	return byChallenge;
}

/** The white space calendar: the challenges the actor may see, by quarter, newest first. */
export async function calendar(
	ctx: AppContext,
	actor: PublicUser | null
): Promise<CalendarQuarter[]> {
	const challenges = await listChallenges(ctx, actor);
	const sessions = await summarizeSessions(
		ctx,
		challenges.map((c) => c.id)
	);
	const quarters = new Map<string, CalendarEntry[]>();
	for (const challenge of challenges) {
		const own = sessions.get(challenge.id) ?? [];
		const entry: CalendarEntry = {
			challenge,
			sessions: own,
			outcomes: {
				sessions: own.length,
				people: own.reduce((sum, s) => sum + s.people, 0),
				minutesPresent: Math.round(own.reduce((sum, s) => sum + s.presentMs, 0) / 60_000)
			}
		};
		quarters.set(challenge.quarter, [...(quarters.get(challenge.quarter) ?? []), entry]);
	}
	return [...quarters]
		.sort(([a], [b]) => b.localeCompare(a))
		.map(([quarter, entries]) => ({ quarter, entries }));
}
