import type { Redis } from 'ioredis';

/**
 * Liveness is per node, not per entry: each node refreshes one key every heartbeat, and a node
 * whose key lapsed is dead. A sweep every second then removes its people, so they are gone from
 * every view within TTL + sweep + flush ≈ 7.1 s. The 4 s between heartbeat and TTL is the slack
 * a busy event loop gets before its node is taken for dead.
 */
export const NODE_TTL_MS = 6_000;
export const NODE_HEARTBEAT_MS = 2_000;
export const SWEEP_MS = 1_000;

export interface PresenceEntry {
	connectionId: string;
	userId: string;
	name: string;
	teamId: string | null;
	role: string;
	state: string;
	nodeId: string;
	rev: number;
}

export interface PresenceRemoval {
	room: string;
	connectionId: string;
	nodeId: string;
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
	): Promise<Map<string, PresenceEntry[]>>;
	list(room: string): Promise<PresenceEntry[]>;
	/** Marks the node alive; answers `false` when its liveness had lapsed (it may have been swept). */
	heartbeat(nodeId: string): Promise<boolean>;
	/**
	 * Removes the entries of nodes whose liveness lapsed and returns them; when several nodes
	 * sweep at once, each dead node is claimed, and reported, by exactly one of them.
	 */
	sweep(): Promise<{ room: string; entry: PresenceEntry }[]>;
	/** Graceful stop: the node is no longer counted (its entries were removed by then). */
	forget(nodeId: string): Promise<void>;
	close(): Promise<void>;
}

export function createMemoryPresence(now: () => number = Date.now): PresenceStore {
	const rooms = new Map<string, Map<string, PresenceEntry>>();
	const nodes = new Map<string, number>();
	const list = (room: string) => [...(rooms.get(room)?.values() ?? [])];
	const remove = (room: string, connectionId: string) => {
		const entries = rooms.get(room);
		entries?.delete(connectionId);
		if (entries?.size === 0) rooms.delete(room);
	};
	return {
		mode: 'memory',
		async apply(puts, removals, read = []) {
			for (const { room, entry } of puts) {
				let entries = rooms.get(room);
				if (!entries) rooms.set(room, (entries = new Map()));
				entries.set(entry.connectionId, entry);
			}
			for (const r of removals) remove(r.room, r.connectionId);
			return new Map(read.map((room) => [room, list(room)]));
		},
		async list(room) {
			return list(room);
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
			const removed: { room: string; entry: PresenceEntry }[] = [];
			for (const [room, entries] of rooms) {
				for (const entry of entries.values()) {
					if (dead.has(entry.nodeId)) removed.push({ room, entry });
				}
			}
			for (const { room, entry } of removed) remove(room, entry.connectionId);
			return removed;
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
 * A hash per room (connection id → entry), a hash per node (connection id → room) so a dead
 * node's entries are found without reading every room, a set of known nodes, and one liveness
 * key per node with a TTL.
 */
export function createRedisPresence(redis: Redis, prefix: string): PresenceStore {
	const roomKey = (room: string) => `${prefix}presence:${room}`;
	const nodeKey = (nodeId: string) => `${prefix}presence-node:${nodeId}`;
	const aliveKey = (nodeId: string) => `${prefix}presence-alive:${nodeId}`;
	const nodesKey = `${prefix}presence-nodes`;
	const parseRoom = (hash: Record<string, string>) =>
		Object.values(hash)
			.map(parseEntry)
			.filter((e): e is PresenceEntry => e !== null);
	return {
		mode: 'redis',
		async apply(puts, removals, read = []) {
			const pipeline = redis.pipeline();
			for (const { room, entry } of puts) {
				pipeline.hset(roomKey(room), entry.connectionId, JSON.stringify(entry));
				pipeline.hset(nodeKey(entry.nodeId), entry.connectionId, room);
			}
			for (const r of removals) {
				pipeline.hdel(roomKey(r.room), r.connectionId);
				pipeline.hdel(nodeKey(r.nodeId), r.connectionId);
			}
			for (const room of read) pipeline.hgetall(roomKey(room));
			const results = (await pipeline.exec()) ?? [];
			const lists = results.slice(results.length - read.length);
			return new Map(
				read.map((room, i) => [room, parseRoom((lists[i]?.[1] ?? {}) as Record<string, string>)])
			);
		},
		async list(room) {
			return parseRoom(await redis.hgetall(roomKey(room)));
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
			const alive = await Promise.all(nodes.map((id) => redis.exists(aliveKey(id))));
			const removed: { room: string; entry: PresenceEntry }[] = [];
			for (const [i, nodeId] of nodes.entries()) {
				// SREM answers 1 only to the sweeper that claimed this dead node.
				if (alive[i] || (await redis.srem(nodesKey, nodeId)) !== 1) continue;
				const members = Object.entries(await redis.hgetall(nodeKey(nodeId)));
				const reads = redis.pipeline();
				for (const [id, room] of members) reads.hget(roomKey(room), id);
				const entries = ((await reads.exec()) ?? []).map(([, json]) =>
					typeof json === 'string' ? parseEntry(json) : null
				);
				const deletes = redis.pipeline();
				for (const [id, room] of members) deletes.hdel(roomKey(room), id);
				deletes.del(nodeKey(nodeId));
				await deletes.exec();
				members.forEach(([, room], j) => {
					const entry = entries[j];
					if (entry) removed.push({ room, entry });
				});
			}
			return removed;
		},
		async forget(nodeId) {
			await redis.multi().srem(nodesKey, nodeId).del(aliveKey(nodeId), nodeKey(nodeId)).exec();
		},
		async close() {}
	};
}

function parseEntry(json: string): PresenceEntry | null {
	try {
		const value = JSON.parse(json) as PresenceEntry;
		return typeof value.connectionId === 'string' && typeof value.rev === 'number' ? value : null;
	} catch {
		return null;
	}
}
