import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { ballots } from '../db/schema/index.ts';
import { batchInFlight } from '../batch.ts';
import type { DbOrTx } from '../challenges/queries.ts';
import { rooms } from '../../shared/realtime.ts';
import type { VoteProgress } from '../../shared/votes.ts';
import { applyCasts, type Cast, type CastOutcome } from './cast.ts';

/**
 * Progress reaches the room at most this often per session (as the reference storm does): every
 * message goes to every member, so a faster line costs a storm N writes each.
 */
export const PROGRESS_INTERVAL_MS = 500;

/** Tells the other nodes that a session's dots changed here; carries `<nodeId> <sessionId>`. */
const PROGRESS_CHANNEL = 'votes:progress-changed';

/**
 * The per-process part of voting: casts of one session arriving together share one transaction
 * (a storm costs one transaction per round trip, not one per dot), and progress counts are
 * pushed coalesced. Lives on the context, so HTTP and socket casts share it.
 *
 * Each node reads the counts from the database and tells only its own members, and a cast on one
 * node makes the others do the same: a member hears each change once, from its node, instead of
 * once from every node that took casts, and the socket.io adapter carries none of it.
 */
export class VoteDesk {
	readonly cast: (sessionId: string, cast: Cast) => Promise<CastOutcome>;
	private readonly due = new Map<string, ReturnType<typeof setTimeout>>();
	private readonly lastSent = new Map<string, { at: number; progress: VoteProgress | null }>();
	private unsubscribe: (() => Promise<void>) | null = null;

	constructor(private readonly ctx: () => AppContext) {
		this.cast = batchInFlight((sessionId: string, casts: Cast[]) =>
			applyCasts(this.ctx().database.twoStep, sessionId, casts)
		);
	}

	/** Listens for other nodes' casts; until then only this node's casts move the line here. */
	async start(): Promise<void> {
		const { bus, nodeId } = this.ctx();
		this.unsubscribe = await bus.subscribe(PROGRESS_CHANNEL, (message) => {
			const [from, sessionId] = message.split(' ');
			if (from !== nodeId && sessionId) this.schedule(sessionId);
		});
	}

	/** Someone's dots changed here: every member hears the new counts within 500 ms, if they changed. */
	progressChanged(sessionId: string): void {
		if (!this.schedule(sessionId)) return;
		const { bus, nodeId, log } = this.ctx();
		bus
			.publish(PROGRESS_CHANNEL, `${nodeId} ${sessionId}`)
			.catch((error: unknown) => log.warn({ err: error, sessionId }, 'vote progress not shared'));
	}

	/** Sends this node's members the counts once the interval allows; false if already due. */
	private schedule(sessionId: string): boolean {
		if (this.due.has(sessionId)) return false;
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
					ctx.sockets.emitLocal(rooms.session(sessionId), 'votes:progress', {
						sessionId,
						...progress
					});
				},
				(error: unknown) => ctx.log.warn({ err: error, sessionId }, 'vote progress not sent')
			);
		}, wait);
		timer.unref();
		this.due.set(sessionId, timer);
		return true;
	}

	async close(): Promise<void> {
		for (const timer of this.due.values()) clearTimeout(timer);
		this.due.clear();
		await this.unsubscribe?.();
		this.unsubscribe = null;
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
