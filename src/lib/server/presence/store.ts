import type { Redis } from 'ioredis';
import { REDIS_SCRIPTS, type PresenceCommands } from './redis-scripts.ts';

/**
 * Liveness is per node, not per entry: each node refreshes one key every heartbeat, and a node
 * whose key lapsed is dead. A sweep every second then removes its people, so they are gone from
 * every view within TTL + sweep + flush ≈ 7.1 s. The 4 s between heartbeat and TTL is the slack
 * a busy event loop gets before its node is taken for dead.
 */
export const NODE_TTL_MS = 6_000;
export const NODE_HEARTBEAT_MS = 2_000;
export const SWEEP_MS = 1_000;

/** A connection's entry as its node holds it. */
export interface PresenceEntry {
	connectionId: string;
	userId: string;
	name: string;
	teamId: string | null;
	role: string;
	state: string;
	nodeId: string;
}

/**
 * Every write to a room, and every removal, takes the room's next sequence number; a snapshot
 * carries the number of the last change it holds (docs/realtime.md, "Presence").
 */
export interface StoredEntry extends PresenceEntry {
	seq: number;
}

export interface PresenceSnapshot {
	seq: number;
	entries: StoredEntry[];
}

export interface PresenceRemoval {
	room: string;
	connectionId: string;
	nodeId: string;
}

export interface Applied {
	/** The sequence number of each put, in order. */
	puts: number[];
	/** Of each removal, in order; 0 when the entry was gone already (swept, say). */
	removals: number[];
	snapshots: Map<string, PresenceSnapshot>;
}

/** Who is connected to a room (a live session), shared by every node that serves it. */
export interface PresenceStore {
	readonly mode: 'redis' | 'memory';
	/**
	 * Writes entries, removes others and then reads whole rooms, in one round trip: a batch of
	 * joins writes its entries and reads the snapshot they all answer with.
	 */
	apply(
		puts: { room: string; entry: PresenceEntry }[],
		removals: PresenceRemoval[],
		read?: string[]
	): Promise<Applied>;
	snapshot(room: string): Promise<PresenceSnapshot>;
	/** Marks the node alive; answers `false` when its liveness had lapsed (it may have been swept). */
	heartbeat(nodeId: string): Promise<boolean>;
	/**
	 * Removes the entries of nodes whose liveness lapsed and returns what it removed; when
	 * several nodes sweep at once, each dead node is claimed, and reported, by exactly one.
	 */
	sweep(): Promise<{ room: string; connectionId: string; seq: number }[]>;
	/** Graceful stop: the node is no longer counted (its entries were removed by then). */
	forget(nodeId: string): Promise<void>;
	close(): Promise<void>;
}

export function createMemoryPresence(now: () => number = Date.now): PresenceStore {
	const rooms = new Map<string, Map<string, StoredEntry>>();
	const seqs = new Map<string, number>();
	const nodes = new Map<string, number>();
	const next = (room: string) => {
		const seq = (seqs.get(room) ?? 0) + 1;
		seqs.set(room, seq);
		return seq;
	};
	const snapshot = (room: string): PresenceSnapshot => ({
		seq: seqs.get(room) ?? 0,
		entries: [...(rooms.get(room)?.values() ?? [])]
	});
	const remove = (room: string, connectionId: string): number => {
		const entries = rooms.get(room);
		if (!entries?.delete(connectionId)) return 0;
		if (entries.size === 0) rooms.delete(room);
		return next(room);
	};
	return {
		mode: 'memory',
		async apply(puts, removals, read = []) {
			const putSeqs = puts.map(({ room, entry }) => {
				let entries = rooms.get(room);
				if (!entries) rooms.set(room, (entries = new Map()));
				const seq = next(room);
				entries.set(entry.connectionId, { ...entry, seq });
				return seq;
			});
			return {
				puts: putSeqs,
				removals: removals.map((r) => remove(r.room, r.connectionId)),
				snapshots: new Map(read.map((room) => [room, snapshot(room)]))
			};
		},
		async snapshot(room) {
			return snapshot(room);
		},
		async heartbeat(nodeId) {
			const expiresAt = nodes.get(nodeId);
			const t = now();
			nodes.set(nodeId, t + NODE_TTL_MS);
			return expiresAt !== undefined && expiresAt > t;
		},
		async sweep() {
			const t = now();
			const dead = new Set([...nodes].filter(([, at]) => at <= t).map(([id]) => id));
			for (const id of dead) nodes.delete(id);
			const ghosts = [...rooms].flatMap(([room, entries]) =>
				[...entries.values()].filter((e) => dead.has(e.nodeId)).map((e) => ({ room, e }))
			);
			return ghosts.map(({ room, e }) => ({
				room,
				connectionId: e.connectionId,
				seq: remove(room, e.connectionId)
			}));
		},
		async forget(nodeId) {
			nodes.delete(nodeId);
		},
		async close() {
			rooms.clear();
			nodes.clear();
		}
	};
}

/**
 * A hash per room (connection id → entry) with its sequence counter beside it, a hash per node
 * (connection id → room) so a dead node's entries are found without reading every room, a set
 * of known nodes, and one liveness key per node with a TTL. Writes, removals, snapshots and a
 * dead node's sweep are Lua scripts (redis-scripts.ts), so a sequence number and the change it
 * numbers are one atomic step.
 */
export function createRedisPresence(redis: Redis, prefix: string): PresenceStore {
	for (const [name, definition] of Object.entries(REDIS_SCRIPTS)) {
		redis.defineCommand(name, definition);
	}
	const roomKey = (room: string) => `${prefix}presence:${room}`;
	const seqKey = (room: string) => `${prefix}presence-seq:${room}`;
	const nodeKey = (nodeId: string) => `${prefix}presence-node:${nodeId}`;
	const aliveKey = (nodeId: string) => `${prefix}presence-alive:${nodeId}`;
	const nodesKey = `${prefix}presence-nodes`;
	const commands = () => redis.pipeline() as unknown as PresenceCommands;
	const toSnapshot = ([seq, flat]: [string, string[]]): PresenceSnapshot => {
		const entries: StoredEntry[] = [];
		for (let i = 1; i < flat.length; i += 2) {
			const entry = parseEntry(flat[i]!);
			if (entry) entries.push(entry);
		}
		return { seq: Number(seq), entries };
	};
	return {
		mode: 'redis',
		async apply(puts, removals, read = []) {
			const pipeline = commands();
			for (const { room, entry } of puts) {
				const { connectionId, nodeId } = entry;
				pipeline.presencePut(
					roomKey(room),
					seqKey(room),
					nodeKey(nodeId),
					connectionId,
					room,
					JSON.stringify(entry)
				);
			}
			for (const r of removals) {
				pipeline.presenceRemove(roomKey(r.room), seqKey(r.room), nodeKey(r.nodeId), r.connectionId);
			}
			for (const room of read) pipeline.presenceRead(roomKey(room), seqKey(room));
			const results = await execAll(pipeline);
			return {
				puts: results.slice(0, puts.length) as number[],
				removals: results.slice(puts.length, puts.length + removals.length) as number[],
				snapshots: new Map(
					read.map((room, i) => [
						room,
						toSnapshot(results[puts.length + removals.length + i] as [string, string[]])
					])
				)
			};
		},
		async snapshot(room) {
			const [result] = await execAll(commands().presenceRead(roomKey(room), seqKey(room)));
			return toSnapshot(result as [string, string[]]);
		},
		async heartbeat(nodeId) {
			// GET then SET inside one MULTI is atomic, like `SET … GET`, which needs Redis 6.2.
			const [[, previous] = []] =
				(await redis
					.multi()
					.get(aliveKey(nodeId))
					.set(aliveKey(nodeId), '1', 'PX', NODE_TTL_MS)
					.sadd(nodesKey, nodeId)
					.exec()) ?? [];
			return previous === '1';
		},
		async sweep() {
			const nodes = await redis.smembers(nodesKey);
			if (nodes.length === 0) return [];
			const pipeline = commands();
			for (const nodeId of nodes) {
				pipeline.presenceSweepNode(
					nodesKey,
					aliveKey(nodeId),
					nodeKey(nodeId),
					nodeId,
					`${prefix}presence:`,
					`${prefix}presence-seq:`
				);
			}
			const removed: { room: string; connectionId: string; seq: number }[] = [];
			for (const flat of (await execAll(pipeline)) as string[][]) {
				for (let i = 0; i + 2 < flat.length; i += 3) {
					const seq = Number(flat[i + 2]);
					if (seq > 0) removed.push({ room: flat[i]!, connectionId: flat[i + 1]!, seq });
				}
			}
			return removed;
		},
		async forget(nodeId) {
			await redis.multi().srem(nodesKey, nodeId).del(aliveKey(nodeId), nodeKey(nodeId)).exec();
		},
		async close() {}
	};
}

/** Runs a pipeline and answers its results, throwing the first command error. */
async function execAll(pipeline: PresenceCommands): Promise<unknown[]> {
	const results = (await pipeline.exec()) ?? [];
	return results.map(([error, value]) => {
		if (error) throw error;
		return value;
	});
}

function parseEntry(json: string): StoredEntry | null {
	try {
		const value = JSON.parse(json) as StoredEntry;
		return typeof value.connectionId === 'string' && typeof value.seq === 'number' ? value : null;
	} catch {
		return null;
	}
}
