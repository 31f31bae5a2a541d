import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { AppContext } from '../../src/lib/server/context.ts';
import type { NoteAuthor } from '../../src/lib/server/board/store.ts';
import { BoardRelay } from './relay.ts';
import type { BoardRoom } from './room.ts';

/** Origin of a change another node relayed: applied here, never relayed back. */
export const REMOTE = Symbol('from another node');

interface AwarenessChange {
	added: number[];
	updated: number[];
	removed: number[];
}

/**
 * This node's side of one document's cross-node sync (relay.ts carries the messages). Until the
 * stored document is in, what other nodes relay is kept and applied after it, so an update that
 * arrived while this node loaded is never missed; from then on, this node's writes go out merged
 * per event-loop turn, and a peer's hello or resync is answered with what it lacks.
 */
export class BoardLink {
	private readonly relay: BoardRelay;
	private open = false;
	private early: Uint8Array[] = [];
	private outbox: Uint8Array[] = [];

	constructor(
		ctx: AppContext,
		key: string,
		private readonly room: BoardRoom,
		authors: Map<string, NoteAuthor>
	) {
		this.relay = new BoardRelay(ctx, key, {
			update: (update) => {
				if (this.open) Y.applyUpdate(this.room.doc, update, REMOTE);
				else this.early.push(update);
			},
			awareness: (update) => {
				if (this.open) awarenessProtocol.applyAwarenessUpdate(this.room.awareness, update, REMOTE);
			},
			authors: (data) => {
				const received = JSON.parse(new TextDecoder().decode(data)) as [string, NoteAuthor][];
				for (const [id, author] of received) authors.set(id, author);
			},
			hello: (stateVector) => this.answer(stateVector),
			resync: (stateVector) => {
				// The asking node may hold what this one missed too: ask back.
				if (this.answer(stateVector)) this.sayHello();
			},
			resubscribed: () => {
				if (this.open) this.relay.publish('resync', Y.encodeStateVector(this.room.doc));
			}
		});
	}

	/** Subscribes; call before reading storage, so nothing relayed meanwhile is lost. */
	start(): Promise<void> {
		return this.relay.start();
	}

	/** The stored document is in: apply what came early, start relaying, ask peers for the rest. */
	opened(): void {
		this.open = true;
		for (const update of this.early) Y.applyUpdate(this.room.doc, update, REMOTE);
		this.early = [];
		this.room.awareness.on('update', (change: AwarenessChange, origin: unknown) => {
			if (origin === REMOTE) return;
			const ids = [...change.added, ...change.updated, ...change.removed];
			this.relay.publish(
				'awareness',
				awarenessProtocol.encodeAwarenessUpdate(this.room.awareness, ids)
			);
		});
		// Peers answer with what they hold and have not stored yet.
		this.sayHello();
	}

	/** One relay message per event-loop turn, like the room's own fan-out. */
	publishUpdate(update: Uint8Array): void {
		this.outbox.push(update);
		if (this.outbox.length > 1) return;
		setImmediate(() => {
			const updates = this.outbox;
			this.outbox = [];
			this.relay.publish('update', updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
		});
	}

	publishAuthors(authors: [string, NoteAuthor][]): void {
		this.relay.publish('authors', new TextEncoder().encode(JSON.stringify(authors)));
	}

	stop(): Promise<void> {
		this.open = false;
		this.early = [];
		return this.relay.stop();
	}

	private sayHello(): void {
		this.relay.publish('hello', Y.encodeStateVector(this.room.doc));
	}

	/** Sends a peer what it lacks, with every awareness state held here; false if not loaded. */
	private answer(stateVector: Uint8Array): boolean {
		if (!this.open) return false;
		this.relay.publish('update', Y.encodeStateAsUpdate(this.room.doc, stateVector));
		const ids = [...this.room.awareness.getStates().keys()];
		if (ids.length)
			this.relay.publish(
				'awareness',
				awarenessProtocol.encodeAwarenessUpdate(this.room.awareness, ids)
			);
		return true;
	}
}
