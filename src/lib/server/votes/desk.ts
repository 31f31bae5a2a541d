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
	/** Reads the counts and tells this node's members. */
	private readonly tell = new KeyedThrottle(PROGRESS_INTERVAL_MS);
	/** Tells the other nodes to do the same; trailing, so it goes after every cast it stands for. */
	private readonly share = new KeyedThrottle(PROGRESS_INTERVAL_MS);
	private readonly lastTold = new Map<string, VoteProgress>();
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
			if (from !== nodeId && sessionId) this.tell.run(sessionId, () => this.tellMembers(sessionId));
		});
	}

	/** Someone's dots changed here: every member hears the new counts within 500 ms, if they changed. */
	progressChanged(sessionId: string): void {
		this.tell.run(sessionId, () => this.tellMembers(sessionId));
		this.share.run(sessionId, () => {
			const { bus, nodeId, log } = this.ctx();
			bus
				.publish(PROGRESS_CHANNEL, `${nodeId} ${sessionId}`)
				.catch((error: unknown) => log.warn({ err: error, sessionId }, 'vote progress not shared'));
		});
	}

	private tellMembers(sessionId: string): void {
		const ctx = this.ctx();
		progressOf(ctx.db, sessionId).then(
			(progress) => {
				// Most casts move a dot without finishing or opening a ballot: nothing to say.
				const last = this.lastTold.get(sessionId);
				if (last && sameProgress(last, progress)) return;
				this.lastTold.set(sessionId, progress);
				ctx.sockets.emitLocal(rooms.session(sessionId), 'votes:progress', {
					sessionId,
					...progress
				});
			},
			(error: unknown) => ctx.log.warn({ err: error, sessionId }, 'vote progress not sent')
		);
	}

	async close(): Promise<void> {
		this.tell.close();
		this.share.close();
		await this.unsubscribe?.();
		this.unsubscribe = null;
	}
}

/**
 * Runs work for a key at most once per interval, at the end of the wait: a call while the key's
 * run is pending is covered by it, and the run happens after every call it covers.
 */
class KeyedThrottle {
	private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
	private readonly lastRun = new Map<string, number>();

	constructor(private readonly intervalMs: number) {}

	run(key: string, work: () => void): void {
		if (this.pending.has(key)) return;
		const wait = Math.max(0, (this.lastRun.get(key) ?? 0) + this.intervalMs - Date.now());
		const timer = setTimeout(() => {
			this.pending.delete(key);
			this.lastRun.set(key, Date.now());
			work();
		}, wait);
		timer.unref();
		this.pending.set(key, timer);
	}

	close(): void {
		for (const timer of this.pending.values()) clearTimeout(timer);
		this.pending.clear();
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
