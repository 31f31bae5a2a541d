import type { AppContext } from '../context.ts';
import {
	ATTENDANCE_CREDIT_MS,
	creditAttendance,
	toConnection,
	type AttendancePair
} from '../sessions/presence.ts';
import { rooms, type PresenceDelta } from '../../shared/realtime.ts';
import {
	type Applied,
	NODE_HEARTBEAT_MS,
	SWEEP_MS,
	type PresenceEntry,
	type PresenceRemoval,
	type PresenceSnapshot
} from './store.ts';

/** Changes wait this long so each member gets one message per node per interval, not per change. */
export const PRESENCE_FLUSH_MS = 50;
/** Arrivals and departures are written to attendance together, this often. */
const ATTENDANCE_FLUSH_MS = 1_000;

export type PresenceEmit = (room: string, delta: PresenceDelta) => void;

interface Local {
	sessionId: string;
	entry: PresenceEntry;
}

/** A change waiting for the next flush: an entry to write or a leave, numbered once stored. */
interface Pending {
	entry: PresenceEntry | null;
	seq: number | null;
}

/**
 * This node's connections in live sessions: their shared entries, the coalesced deltas the room
 * hears, attendance, the node heartbeat and the sweep for dead nodes' people.
 */
export class PresenceTracker {
	private readonly local = new Map<string, Local>();
	/** Per session: connection id → its latest change since the last flush. */
	private pending = new Map<string, Map<string, Pending>>();
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
	 * Writes a batch of joiners' entries and reads the session's snapshot in one round trip, and
	 * records their arrival in one statement beside it; the room hears of them at the next flush.
	 * Arrival is written before the answer, not queued: a session ended a moment after someone
	 * joined must still find them there to credit (docs/decisions.md, "Attendance").
	 */
	async arrive(sessionId: string, entries: PresenceEntry[]): Promise<PresenceSnapshot> {
		const room = rooms.session(sessionId);
		for (const entry of entries) this.local.set(entry.connectionId, { sessionId, entry });
		let applied: Applied;
		try {
			[applied] = await Promise.all([
				this.ctx.presence.apply(
					entries.map((entry) => ({ room, entry })),
					[],
					[room]
				),
				creditAttendance(
					this.ctx.db,
					entries.map((entry) => ({ sessionId, userId: entry.userId })),
					new Date(),
					'arrive'
				)
			]);
		} catch (error) {
			// Not stored: not here either, so joining again writes the entry.
			for (const { connectionId } of entries) this.local.delete(connectionId);
			throw error;
		}
		entries.forEach((entry, i) => {
			// Left, or changed, while the write was in flight: that later change is what to tell.
			const held = this.local.get(entry.connectionId);
			if (held?.entry !== entry || this.pending.get(sessionId)?.has(entry.connectionId)) return;
			this.announce(sessionId, entry.connectionId, { entry, seq: applied.puts[i]! });
		});
		return applied.snapshots.get(room)!;
	}

	/** Answers whether the state changed; `null` when the connection is in no session. */
	setState(connectionId: string, state: string): boolean | null {
		const local = this.local.get(connectionId);
		if (!local) return null;
		if (local.entry.state === state) return false;
		local.entry = { ...local.entry, state };
		this.announce(local.sessionId, connectionId, { entry: local.entry, seq: null });
		return true;
	}

	/** Takes the connection out of its session everywhere; safe to call twice. */
	depart(connectionId: string): void {
		const local = this.local.get(connectionId);
		if (!local) return;
		this.local.delete(connectionId);
		const { sessionId, entry } = local;
		this.announce(sessionId, connectionId, { entry: null, seq: null });
		this.departures.push({ sessionId, userId: entry.userId });
	}

	private announce(sessionId: string, connectionId: string, change: Pending) {
		let changes = this.pending.get(sessionId);
		if (!changes) this.pending.set(sessionId, (changes = new Map()));
		changes.set(connectionId, change);
	}

	/**
	 * Stores what changed (numbering it), then tells each room once. Flushes never overlap, so
	 * a node's deltas leave in the order of their numbers.
	 */
	async flush(): Promise<void> {
		while (this.flushing) await this.flushing;
		if (this.pending.size === 0) return;
		const pending = this.pending;
		this.pending = new Map();
		this.flushing = (async () => {
			try {
				await this.store(pending);
			} finally {
				// What was numbered is told even when the rest failed; the rest waits for next time.
				for (const [sessionId, changes] of pending) this.tell(sessionId, changes);
			}
		})();
		try {
			await this.flushing;
		} finally {
			this.flushing = null;
		}
	}

	private tell(sessionId: string, changes: Map<string, Pending>): void {
		const delta: PresenceDelta = { sessionId, upserts: [], leaves: [] };
		for (const [connectionId, change] of changes) {
			const { entry, seq } = change;
			if (seq === null) {
				if (!this.pending.get(sessionId)?.has(connectionId))
					this.announce(sessionId, connectionId, change);
			} else if (entry) delta.upserts.push(toConnection({ ...entry, seq }));
			// 0: the entry was gone already, swept as a ghost, and that leave was told.
			else if (seq > 0) delta.leaves.push({ connectionId, seq });
		}
		if (delta.upserts.length + delta.leaves.length > 0) this.emit(rooms.session(sessionId), delta);
	}

	/** Writes the pending changes not stored yet, in one round trip, and numbers them. */
	private async store(pending: Map<string, Map<string, Pending>>): Promise<void> {
		const puts: { room: string; entry: PresenceEntry; change: Pending }[] = [];
		const removals: (PresenceRemoval & { change: Pending })[] = [];
		for (const [sessionId, changes] of pending) {
			const room = rooms.session(sessionId);
			for (const [connectionId, change] of changes) {
				if (change.seq !== null) continue;
				if (change.entry) puts.push({ room, entry: change.entry, change });
				else removals.push({ room, connectionId, nodeId: this.ctx.nodeId, change });
			}
		}
		if (puts.length + removals.length === 0) return;
		const applied = await this.ctx.presence.apply(puts, removals);
		puts.forEach((p, i) => (p.change.seq = applied.puts[i]!));
		removals.forEach((r, i) => (r.change.seq = applied.removals[i]!));
	}

	/**
	 * One key per node. If it had lapsed, another node may have swept this node's people as
	 * ghosts: write them back, numbered after their removal, so every view takes them again.
	 */
	async heartbeat(): Promise<void> {
		if (await this.ctx.presence.heartbeat(this.ctx.nodeId)) return;
		for (const { sessionId, entry } of this.local.values()) {
			this.announce(sessionId, entry.connectionId, { entry, seq: null });
		}
	}

	/** Removes dead nodes' people and tells their rooms (one node claims each dead node). */
	async sweep(): Promise<void> {
		for (const { room, connectionId, seq } of await this.ctx.presence.sweep()) {
			const sessionId = room.slice(rooms.session('').length);
			this.announce(sessionId, connectionId, { entry: null, seq });
		}
	}

	/** Departures of the interval, one statement; a failed write is tried again at the next flush. */
	async flushAttendance(): Promise<void> {
		const departures = this.departures;
		this.departures = [];
		try {
			await creditAttendance(this.ctx.db, departures, new Date());
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
