import type { Redis } from 'ioredis';

/** An entry older than this belongs to a node that stopped heartbeating: it is a ghost. */
export const PRESENCE_TTL_MS = 30_000;
/** Nodes refresh their live entries this often, well inside the TTL. */
export const PRESENCE_HEARTBEAT_MS = 10_000;

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
	/** Live entries only: stale ones are dropped as they are found. */
	list(room: string): Promise<PresenceEntry[]>;
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
	return {
		mode: 'memory',
		async put(room, entry) {
			let entries = rooms.get(room);
			if (!entries) rooms.set(room, (entries = new Map()));
			entries.set(entry.connectionId, { ...entry, seenAt: now() });
		},
		async remove(room, connectionId) {
			const entries = rooms.get(room);
			entries?.delete(connectionId);
			if (entries?.size === 0) rooms.delete(room);
		},
		async list(room) {
			const entries = rooms.get(room);
			if (!entries) return [];
			const t = now();
			const live: PresenceEntry[] = [];
			for (const [id, entry] of entries) {
				if (isFresh(entry, t)) live.push(withoutStamp(entry));
				else entries.delete(id);
			}
			return live;
		},
		async close() {
			rooms.clear();
		}
	};
}

/** One hash per room, field = connection id; the whole key expires if every node goes quiet. */
export function createRedisPresence(redis: Redis, prefix: string): PresenceStore {
	const key = (room: string) => `${prefix}presence:${room}`;
	return {
		mode: 'redis',
		async put(room, entry) {
			const stored: StoredEntry = { ...entry, seenAt: Date.now() };
			await redis
				.multi()
				.hset(key(room), entry.connectionId, JSON.stringify(stored))
				.pexpire(key(room), PRESENCE_TTL_MS * 2)
				.exec();
		},
		async remove(room, connectionId) {
			await redis.hdel(key(room), connectionId);
		},
		async list(room) {
			const raw = await redis.hgetall(key(room));
			const t = Date.now();
			const live: PresenceEntry[] = [];
			const stale: string[] = [];
			for (const [id, json] of Object.entries(raw)) {
				const entry = parseEntry(json);
				if (entry && isFresh(entry, t)) live.push(withoutStamp(entry));
				else stale.push(id);
			}
			if (stale.length) await redis.hdel(key(room), ...stale);
			return live;
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
