import type { Redis } from 'ioredis';

/**
 * An entry older than this belongs to a node that stopped heartbeating: it is a ghost. With a
 * sweep every heartbeat, a dead node's people are gone within TTL + heartbeat = 20 s.
 */
export const PRESENCE_TTL_MS = 15_000;
/** Nodes refresh their live entries, and sweep for ghosts, this often. */
export const PRESENCE_HEARTBEAT_MS = 5_000;

export interface PresenceEntry {
	connectionId: string;
	userId: string;
	name: string;
	teamId: string | null;
	role: string;
	state: string;
	nodeId: string;
}

interface StoredEntry extends PresenceEntry {
	seenAt: number;
}

/** Who is connected to a room (a live session), shared by every node that serves it. */
export interface PresenceStore {
	readonly mode: 'redis' | 'memory';
	/** Adds or refreshes one connection's entry; calling it again is the heartbeat. */
	put(room: string, entry: PresenceEntry): Promise<void>;
	remove(room: string, connectionId: string): Promise<void>;
	/** Live entries only. */
	list(room: string): Promise<PresenceEntry[]>;
	/**
	 * Deletes stale entries and returns the ones this call deleted: when several nodes sweep at
	 * once, each ghost is reported by exactly one of them.
	 */
	prune(room: string): Promise<PresenceEntry[]>;
	/** Refreshes many entries in one round trip (the heartbeat). */
	putMany(items: { room: string; entry: PresenceEntry }[]): Promise<void>;
	close(): Promise<void>;
}

function isFresh(entry: StoredEntry, now: number): boolean {
	return now - entry.seenAt <= PRESENCE_TTL_MS;
}

function withoutStamp({ seenAt: _seenAt, ...entry }: StoredEntry): PresenceEntry {
	return entry;
}

export function createMemoryPresence(now: () => number = Date.now): PresenceStore {
	const rooms = new Map<string, Map<string, StoredEntry>>();
	const put = (room: string, entry: PresenceEntry) => {
		let entries = rooms.get(room);
		if (!entries) rooms.set(room, (entries = new Map()));
		entries.set(entry.connectionId, { ...entry, seenAt: now() });
	};
	return {
		mode: 'memory',
		async put(room, entry) {
			put(room, entry);
		},
		async putMany(items) {
			for (const { room, entry } of items) put(room, entry);
		},
		async remove(room, connectionId) {
			const entries = rooms.get(room);
			entries?.delete(connectionId);
			if (entries?.size === 0) rooms.delete(room);
		},
		async list(room) {
			const t = now();
			return [...(rooms.get(room)?.values() ?? [])].filter((e) => isFresh(e, t)).map(withoutStamp);
		},
		async prune(room) {
			const entries = rooms.get(room);
			if (!entries) return [];
			const t = now();
			const removed: PresenceEntry[] = [];
			for (const [id, entry] of entries) {
				if (isFresh(entry, t)) continue;
				entries.delete(id);
				removed.push(withoutStamp(entry));
			}
			if (entries.size === 0) rooms.delete(room);
			return removed;
		},
		async close() {
			rooms.clear();
		}
	};
}

/** One hash per room, field = connection id; the whole key expires if every node goes quiet. */
export function createRedisPresence(redis: Redis, prefix: string): PresenceStore {
	const key = (room: string) => `${prefix}presence:${room}`;
	const putMany = async (items: { room: string; entry: PresenceEntry }[]) => {
		if (items.length === 0) return;
		const seenAt = Date.now();
		const pipeline = redis.pipeline();
		for (const { room, entry } of items) {
			pipeline.hset(key(room), entry.connectionId, JSON.stringify({ ...entry, seenAt }));
			pipeline.pexpire(key(room), PRESENCE_TTL_MS * 2);
		}
		await pipeline.exec();
	};
	return {
		mode: 'redis',
		put: (room, entry) => putMany([{ room, entry }]),
		putMany,
		async remove(room, connectionId) {
			await redis.hdel(key(room), connectionId);
		},
		async list(room) {
			const t = Date.now();
			return Object.values(await redis.hgetall(key(room)))
				.map(parseEntry)
				.filter((e): e is StoredEntry => e !== null && isFresh(e, t))
				.map(withoutStamp);
		},
		async prune(room) {
			const t = Date.now();
			const stale = Object.entries(await redis.hgetall(key(room)))
				.map(([id, json]) => ({ id, entry: parseEntry(json) }))
				.filter(({ entry }) => entry === null || !isFresh(entry, t));
			if (stale.length === 0) return [];
			const pipeline = redis.pipeline();
			for (const { id } of stale) pipeline.hdel(key(room), id);
			const results = (await pipeline.exec()) ?? [];
			// HDEL answers 1 only to the node that actually deleted the field.
			return stale
				.filter(({ entry }, i) => entry !== null && results[i]?.[1] === 1)
				.map(({ entry }) => withoutStamp(entry!));
		},
		async close() {}
	};
}

function parseEntry(json: string): StoredEntry | null {
	try {
		const value = JSON.parse(json) as StoredEntry;
		return typeof value.seenAt === 'number' && typeof value.connectionId === 'string'
			? value
			: null;
	} catch {
		return null;
	}
}
