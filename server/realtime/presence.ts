import type { AppContext } from '../../src/lib/server/context.ts';
import { PRESENCE_HEARTBEAT_MS, type PresenceEntry } from '../../src/lib/server/presence/store.ts';
import { creditAttendance } from '../../src/lib/server/sessions/presence.ts';
import { rooms, type ServerToClientEvents } from '../../src/lib/shared/realtime.ts';

type Emit = <E extends keyof ServerToClientEvents>(
	room: string,
	event: E,
	...args: Parameters<ServerToClientEvents[E]>
) => void;

interface Local {
	sessionId: string;
	entry: PresenceEntry;
}

/**
 * This node's live connections in sessions: it heartbeats their shared presence entries, credits
 * attendance, and sweeps the rooms it serves for ghosts left by dead nodes.
 */
export class PresenceTracker {
	private readonly local = new Map<string, Local>();
	private readonly timer: NodeJS.Timeout;
	private ticking = false;

	constructor(
		private readonly ctx: AppContext,
		private readonly emit: Emit
	) {
		this.timer = setInterval(() => void this.tick(), PRESENCE_HEARTBEAT_MS);
		this.timer.unref();
	}

	get(connectionId: string): Local | undefined {
		return this.local.get(connectionId);
	}

	async arrive(sessionId: string, entry: PresenceEntry): Promise<void> {
		this.local.set(entry.connectionId, { sessionId, entry });
		await this.ctx.presence.put(rooms.session(sessionId), entry);
		await creditAttendance(
			this.ctx.db,
			[{ sessionId, userId: entry.userId }],
			new Date(),
			'arrive'
		);
	}

	async setState(connectionId: string, state: string): Promise<Local | null> {
		const local = this.local.get(connectionId);
		if (!local || local.entry.state === state) return null;
		local.entry = { ...local.entry, state };
		await this.ctx.presence.put(rooms.session(local.sessionId), local.entry);
		return local;
	}

	/** Removes the connection everywhere and tells the room; safe to call twice. */
	async depart(connectionId: string): Promise<void> {
		const local = this.local.get(connectionId);
		if (!local) return;
		this.local.delete(connectionId);
		await this.ctx.presence.remove(rooms.session(local.sessionId), connectionId);
		this.emit(rooms.session(local.sessionId), 'presence:left', {
			sessionId: local.sessionId,
			connectionId
		});
		await creditAttendance(
			this.ctx.db,
			[{ sessionId: local.sessionId, userId: local.entry.userId }],
			new Date()
		);
	}

	async tick(): Promise<void> {
		if (this.ticking) return;
		this.ticking = true;
		try {
			const locals = [...this.local.values()];
			await this.ctx.presence.putMany(
				locals.map((l) => ({ room: rooms.session(l.sessionId), entry: l.entry }))
			);
			await creditAttendance(
				this.ctx.db,
				locals.map((l) => ({ sessionId: l.sessionId, userId: l.entry.userId })),
				new Date()
			);
			for (const sessionId of new Set(locals.map((l) => l.sessionId))) {
				for (const ghost of await this.ctx.presence.prune(rooms.session(sessionId))) {
					this.emit(rooms.session(sessionId), 'presence:left', {
						sessionId,
						connectionId: ghost.connectionId
					});
				}
			}
		} catch (error) {
			this.ctx.log.warn({ err: error }, 'presence heartbeat failed; retrying next tick');
		} finally {
			this.ticking = false;
		}
	}

	/** Graceful shutdown: nobody on this node is left behind as a ghost. */
	async close(): Promise<void> {
		clearInterval(this.timer);
		for (const connectionId of [...this.local.keys()]) {
			await this.depart(connectionId).catch(() => {});
		}
	}
}
