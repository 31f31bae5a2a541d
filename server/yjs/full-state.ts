import * as Y from 'yjs';

/** The cached state is encoded again once what changed since outgrows this share of it… */
const REFRESH_SHARE = 0.25;
/** …or this many bytes, whichever is larger. */
const REFRESH_MIN_BYTES = 64 * 1024;
/** Dropped when nobody joined fresh for this long: a board's memory is its document's again. */
export const FULL_STATE_IDLE_MS = 30_000;

export interface FullState {
	/** The whole document as it was when last encoded. */
	state: Uint8Array;
	/** Every update since, merged; null when nothing changed. */
	since: Uint8Array | null;
}

/**
 * The whole document, encoded once for everyone who joins holding nothing (a fresh tab, a late
 * joiner) instead of once per connection: on a 2,000-note board that encode costs tens of
 * milliseconds, and a room of people opening the board at once would pay it per person. What
 * changed after the encode is kept as the updates themselves (small; merging them touches only
 * their bytes), so a joiner is always served the current document: the cached state plus those.
 */
export class FullStateCache {
	private state: Uint8Array | null = null;
	private updates: Uint8Array[] = [];
	private updateBytes = 0;
	private dropTimer: NodeJS.Timeout | null = null;
	private readonly onUpdate = (update: Uint8Array) => {
		if (!this.state) return;
		this.updates.push(update);
		this.updateBytes += update.byteLength;
	};

	constructor(private readonly doc: Y.Doc) {
		doc.on('update', this.onUpdate);
	}

	get(): FullState {
		if (!this.state || this.updateBytes > this.refreshAfter(this.state)) {
			this.state = Y.encodeStateAsUpdate(this.doc);
			this.updates = [];
			this.updateBytes = 0;
		}
		if (this.updates.length > 1) this.updates = [Y.mergeUpdates(this.updates)];
		this.keepFor(FULL_STATE_IDLE_MS);
		return { state: this.state, since: this.updates[0] ?? null };
	}

	destroy(): void {
		this.doc.off('update', this.onUpdate);
		this.drop();
	}

	private refreshAfter(state: Uint8Array): number {
		return Math.max(REFRESH_MIN_BYTES, state.byteLength * REFRESH_SHARE);
	}

	private keepFor(ms: number): void {
		if (this.dropTimer) clearTimeout(this.dropTimer);
		this.dropTimer = setTimeout(() => this.drop(), ms);
		this.dropTimer.unref();
	}

	private drop(): void {
		if (this.dropTimer) clearTimeout(this.dropTimer);
		this.dropTimer = null;
		this.state = null;
		this.updates = [];
		this.updateBytes = 0;
	}
}

/** A state vector naming no client: the sender holds nothing of the document yet. */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
	return stateVector.byteLength === 1 && stateVector[0] === 0;
}
