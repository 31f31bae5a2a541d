import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { ballots } from '../db/schema/index.ts';
import { batchInFlight } from '../batch.ts';
import type { DbOrTx } from '../challenges/queries.ts';
import { rooms } from '../../shared/realtime.ts';
import type { VoteProgress } from '../../shared/votes.ts';
import { applyCasts, type Cast, type CastOutcome } from './cast.ts';

/**
 * Progress reaches the room at most this often per session from each node (as the reference
 * storm does): every message goes to every member, so a faster line costs a storm N writes each.
 */
export const PROGRESS_INTERVAL_MS = 500;

/**
 * The per-process part of voting: casts of one session arriving together share one transaction
 * (a storm costs one transaction per round trip, not one per dot), and progress counts are
 * pushed coalesced. Lives on the context, so HTTP and socket casts share it.
 */
export class VoteDesk {
	readonly cast: (sessionId: string, cast: Cast) => Promise<CastOutcome>;
	private readonly due = new Map<string, ReturnType<typeof setTimeout>>();
	private readonly lastSent = new Map<string, { at: number; progress: VoteProgress | null }>();

	constructor(private readonly ctx: () => AppContext) {
		this.cast = batchInFlight((sessionId: string, casts: Cast[]) =>
			applyCasts(this.ctx().database.twoStep, sessionId, casts)
		);
	}

	/** Someone's dots changed: the room hears the new counts within 500 ms, if they changed. */
	progressChanged(sessionId: string): void {
		if (this.due.has(sessionId)) return;
		const last = this.lastSent.get(sessionId);
		const wait = Math.max(0, (last?.at ?? 0) + PROGRESS_INTERVAL_MS - Date.now());
		const timer = setTimeout(() => {
			this.due.delete(sessionId);
			const sent = { at: Date.now(), progress: last?.progress ?? null };
			this.lastSent.set(sessionId, sent);
			const ctx = this.ctx();
			progressOf(ctx.db, sessionId).then(
				(progress) => {
					// Most casts move a dot without finishing or opening a ballot: nothing to say.
					if (sent.progress && sameProgress(sent.progress, progress)) return;
					sent.progress = progress;
					ctx.sockets.emit(rooms.session(sessionId), 'votes:progress', { sessionId, ...progress });
				},
				(error: unknown) => ctx.log.warn({ err: error, sessionId }, 'vote progress not sent')
			);
		}, wait);
		timer.unref();
		this.due.set(sessionId, timer);
	}

	close(): void {
		for (const timer of this.due.values()) clearTimeout(timer);
		this.due.clear();
	}
}

function sameProgress(a: VoteProgress, b: VoteProgress): boolean {
	return a.done === b.done && a.total === b.total;
}

/** Counts only: how many have spent every dot, of how many who voted at all. */
export async function progressOf(db: DbOrTx, sessionId: string): Promise<VoteProgress> {
	const [row] = await db
		.select({
			total: sql<number>`count(*)::int`,
			done: sql<number>`(count(*) filter (where ${ballots.spent} >= ${ballots.budget}))::int`
		})
		.from(ballots)
		.where(eq(ballots.sessionId, sessionId));
	return { done: row?.done ?? 0, total: row?.total ?? 0 };
}
