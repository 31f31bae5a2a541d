import type { AppContext } from '../context.ts';
import {
	ATTENDANCE_CREDIT_MS,
	creditAttendance,
	toConnection,
	type AttendancePair
} from '../sessions/presence.ts';
import { rooms, type PresenceConnection, type PresenceDelta } from '../../shared/realtime.ts';
import { NODE_HEARTBEAT_MS, SWEEP_MS, type PresenceEntry, type PresenceRemoval } from './store.ts';

/** Changes wait this long so each member gets one message per node per interval, not per change. */
export const PRESENCE_FLUSH_MS = 50;
/** Departures are written to attendance together, this often. */
const ATTENDANCE_FLUSH_MS = 1_000;

export type PresenceEmit = (room: string, delta: PresenceDelta) => void;

interface Local {
	sessionId: string;
	entry: PresenceEntry;
}

/**
 * This node's connections in live sessions: their shared entries, the coalesced deltas the room
 * hears, attendance, the node heartbeat and the sweep for dead nodes' people.
 */
export class PresenceTracker {
	private readonly local = new Map<string, Local>();
	/** Per session: connection id → its latest entry, or null for a leave, since the last flush. */
	private pending = new Map<string, Map<string, PresenceConnection | null>>();
	private writes: { room: string; entry: PresenceEntry }[] = [];
	private removals: PresenceRemoval[] = [];
	private arrivals: AttendancePair[] = [];
	private departures: AttendancePair[] = [];
	private timers: NodeJS.Timeout[] = [];
	private flushing: Promise<void> | null = null;

	constructor(
		private readonly ctx: AppContext,
		private readonly emit: PresenceEmit
	) {}

	start(): void {
		const every = (ms: number, run: () => Promise<unknown>, what: string) => {
			const timer = setInterval(() => {
				run().catch((error: unknown) =>
					this.ctx.log.warn({ err: error }, `presence ${what} failed`)
				);
			}, ms);
			timer.unref();
			this.timers.push(timer);
		};
		every(PRESENCE_FLUSH_MS, () => this.flush(), 'flush');
		every(NODE_HEARTBEAT_MS, () => this.heartbeat(), 'heartbeat');
		every(SWEEP_MS, () => this.sweep(), 'sweep');
		every(ATTENDANCE_FLUSH_MS, () => this.flushAttendance(), 'attendance');
		every(ATTENDANCE_CREDIT_MS, () => this.creditPresent(), 'attendance credit');
		void this.heartbeat().catch(() => {});
	}

	sessionOf(connectionId: string): string | null {
		return this.local.get(connectionId)?.sessionId ?? null;
	}

	/**
	 * Writes a batch of joiners' entries and reads the session's list in one round trip; the
	 * room hears of them at the next flush, attendance at the next attendance flush.
	 */
	async arrive(sessionId: string, entries: PresenceEntry[]): Promise<PresenceConnection[]> {
		const room = rooms.session(sessionId);
		for (const entry of entries) {
			this.local.set(entry.connectionId, { sessionId, entry });
			this.announce(sessionId, entry.connectionId, toConnection(entry));
		}
		for (const entry of entries) this.arrivals.push({ sessionId, userId: entry.userId });
		const lists = await this.ctx.presence.apply(
			entries.map((entry) => ({ room, entry })),
			[],
			[room]
		);
		return (lists.get(room) ?? []).map(toConnection);
	}

	/** Answers whether the state changed; `null` when the connection is in no session. */
	setState(connectionId: string, state: string): boolean | null {
		const local = this.local.get(connectionId);
		if (!local) return null;
		if (local.entry.state === state) return false;
		local.entry = { ...local.entry, state, rev: local.entry.rev + 1 };
		this.writes.push({ room: rooms.session(local.sessionId), entry: local.entry });
		this.announce(local.sessionId, connectionId, toConnection(local.entry));
		return true;
	}

	/** Takes the connection out of its session everywhere; safe to call twice. */
	depart(connectionId: string): void {
		const local = this.local.get(connectionId);
		if (!local) return;
		this.local.delete(connectionId);
		const { sessionId, entry } = local;
		this.removals.push({ room: rooms.session(sessionId), connectionId, nodeId: entry.nodeId });
		this.announce(sessionId, connectionId, null);
		this.departures.push({ sessionId, userId: entry.userId });
	}

	private announce(sessionId: string, connectionId: string, change: PresenceConnection | null) {
		let changes = this.pending.get(sessionId);
		if (!changes) this.pending.set(sessionId, (changes = new Map()));
		changes.set(connectionId, change);
	}

	/** Writes what changed, then tells each room once. Flushes never overlap, so order holds. */
	async flush(): Promise<void> {
		while (this.flushing) await this.flushing;
		if (this.pending.size === 0 && this.writes.length === 0 && this.removals.length === 0) return;
		const [pending, writes, removals] = [this.pending, this.writes, this.removals];
		this.pending = new Map();
		this.writes = [];
		this.removals = [];
		this.flushing = (async () => {
			try {
				await this.ctx.presence.apply(writes, removals);
			} finally {
				for (const [sessionId, changes] of pending) {
					const delta: PresenceDelta = { sessionId, upserts: [], leaves: [] };
					for (const [id, change] of changes) {
						if (change) delta.upserts.push(change);
						else delta.leaves.push(id);
					}
					this.emit(rooms.session(sessionId), delta);
				}
			}
		})();
		try {
			await this.flushing;
		} finally {
			this.flushing = null;
		}
	}

	/**
	 * One key per node. If it had lapsed, another node may have swept this node's people as
	 * ghosts: write them back with a new rev so every view takes them again.
	 */
	async heartbeat(): Promise<void> {
		if (await this.ctx.presence.heartbeat(this.ctx.nodeId)) return;
		for (const local of this.local.values()) {
			local.entry = { ...local.entry, rev: local.entry.rev + 1 };
			this.writes.push({ room: rooms.session(local.sessionId), entry: local.entry });
			this.announce(local.sessionId, local.entry.connectionId, toConnection(local.entry));
		}
	}

	/** Removes dead nodes' people and tells their rooms (one node claims each dead node). */
	async sweep(): Promise<void> {
		for (const { room, entry } of await this.ctx.presence.sweep()) {
			const sessionId = room.slice(rooms.session('').length);
			this.announce(sessionId, entry.connectionId, null);
		}
	}

	/**
	 * Arrivals, then departures, one statement each: someone who came and went within the
	 * interval is recorded as arriving first. A failed write is tried again at the next flush.
	 */
	async flushAttendance(): Promise<void> {
		const { arrivals, departures } = this;
		this.arrivals = [];
		this.departures = [];
		const now = new Date();
		try {
			await creditAttendance(this.ctx.db, arrivals, now, 'arrive');
		} catch (error) {
			this.arrivals.unshift(...arrivals);
			this.departures.unshift(...departures);
			throw error;
		}
		try {
			await creditAttendance(this.ctx.db, departures, now);
		} catch (error) {
			this.departures.unshift(...departures);
			throw error;
		}
	}

	async creditPresent(): Promise<void> {
		const present = [...this.local.values()].map((l) => ({
			sessionId: l.sessionId,
			userId: l.entry.userId
		}));
		await creditAttendance(this.ctx.db, present, new Date());
	}

	/** Graceful shutdown: nobody on this node is left behind as a ghost. */
	async close(): Promise<void> {
		for (const timer of this.timers) clearInterval(timer);
		for (const connectionId of [...this.local.keys()]) this.depart(connectionId);
		await this.flush().catch(() => {});
		await this.flushAttendance().catch(() => {});
		await this.ctx.presence.forget(this.ctx.nodeId).catch(() => {});
	}
}
