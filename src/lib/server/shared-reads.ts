/**
 * A read shared by every caller for `ttlMs` after it started, keyed (e.g. by session id).
 * Entries older than the TTL are dropped as new ones arrive, and at most `maxEntries` are kept,
 * so a node that sees thousands of sessions (or a client trying random ids) holds only the
 * reads of the last moment, not one per key it ever saw.
 */
export class SharedReads<K, V> {
	// Map keeps insertion order, and every entry is (re)inserted when it starts: oldest first.
	private readonly entries = new Map<K, { at: number; read: Promise<V> }>();

	constructor(
		private readonly ttlMs: number,
		private readonly maxEntries: number,
		private readonly clock: () => number = Date.now
	) {}

	get size(): number {
		return this.entries.size;
	}

	/** The read started for `key` within the TTL, or a new one; a failed read is not kept. */
	get(key: K, start: () => Promise<V>): Promise<V> {
		const now = this.clock();
		this.prune(now);
		const cached = this.entries.get(key);
		if (cached && now - cached.at < this.ttlMs) return cached.read;
		const read = start();
		this.entries.delete(key);
		this.entries.set(key, { at: now, read });
		if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
		read.catch(() => {
			if (this.entries.get(key)?.read === read) this.entries.delete(key);
		});
		return read;
	}

	/** Forgets the read of `key`, settled or not: the next `get` reads afresh. */
	delete(key: K): void {
		this.entries.delete(key);
	}

	/** Forgets the reads whose value matches, once they have settled. */
	forget(matches: (value: V) => boolean): void {
		for (const [key, { read }] of this.entries) {
			void read.then(
				(value) => {
					if (this.entries.get(key)?.read === read && matches(value)) this.entries.delete(key);
				},
				() => {}
			);
		}
	}

	private prune(now: number): void {
		for (const [key, { at }] of this.entries) {
			if (now - at < this.ttlMs) break;
			this.entries.delete(key);
		}
	}
}
