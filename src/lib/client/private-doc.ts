import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { privateRoomName } from '$lib/shared/private-writing';

/** After a reveal, the private document is dropped once the board holds its notes, or this late. */
const DROP_AFTER_MS = 10_000;

/**
 * One person's private document of a board (`/yjs/<board>/private`) and its IndexedDB copy:
 * connected while private writing lasts, and after the reveal only until the board holds its
 * notes (the server passes on whatever reaches it). Notes written offline before a reveal are
 * sent on from the IndexedDB copy, which is why that copy is always opened.
 */
export class PrivateDoc {
	readonly doc = new Y.Doc();
	readonly notes = this.doc.getMap<Y.Map<unknown>>('notes');
	#provider: WebsocketProvider | null = null;
	#local: IndexeddbPersistence | null = null;
	#serverUrl = '';
	#dropTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(
		readonly boardId: string,
		readonly userId: string,
		/** Called when loading or syncing may have changed what `settle` decides. */
		private readonly onChange: () => void
	) {}

	open(serverUrl: string): void {
		this.#serverUrl = serverUrl;
		this.#local = new IndexeddbPersistence(
			`whitespace-board:${this.boardId}:private:${this.userId}`,
			this.doc
		);
		this.#local.on('synced', this.onChange);
	}

	/** Connects while `hiding`; afterwards drops the copy once `board` holds its notes. */
	settle(hiding: boolean, board: Y.Map<Y.Map<unknown>>): void {
		if (hiding) return this.#connect();
		if (!this.#local) return;
		if (this.notes.size === 0 && !this.#provider) return;
		if (!this.#provider) return this.#connect();
		if (!this.#provider.synced) return;
		if ([...this.notes.keys()].every((id) => board.has(id))) return this.#drop();
		this.#dropTimer ??= setTimeout(() => this.#drop(), DROP_AFTER_MS);
	}

	#connect(): void {
		if (this.#provider || !this.#serverUrl) return;
		this.#provider = new WebsocketProvider(
			this.#serverUrl,
			privateRoomName(this.boardId),
			this.doc
		);
		// Only this person's tabs share the private room; cursors belong to the board's.
		this.#provider.awareness.setLocalState(null);
		this.#provider.on('sync', this.onChange);
	}

	/** The server has the private notes and passes them on: this copy is no longer needed. */
	#drop(): void {
		if (this.#dropTimer) clearTimeout(this.#dropTimer);
		this.#dropTimer = null;
		this.#provider?.destroy();
		this.#provider = null;
		const local = this.#local;
		this.#local = null;
		void local?.clearData();
		// Disconnected first: clearing is local only, the notes live on in the board.
		this.doc.transact(() => this.notes.clear());
	}

	destroy(): void {
		if (this.#dropTimer) clearTimeout(this.#dropTimer);
		this.#provider?.destroy();
		void this.#local?.destroy();
		this.doc.destroy();
	}
}
