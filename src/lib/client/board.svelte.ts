import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { SvelteMap } from 'svelte/reactivity';
import {
	NOTE_COLORS,
	layoutBoard,
	layoutCluster,
	type ClusterLayout,
	textEdit,
	type NoteColor,
	type Point
} from '$lib/shared/board';
import type { PeerUser } from '$lib/shared/board-cursors';
import { ClusterState, NoteState } from './board-items.svelte';
import { BoardHistory } from './board-history.svelte';
import { BoardPeers } from './board-peers.svelte';
import { PrivateDoc } from './private-doc';

/** Origin of this tab's own edits: what undo tracks, so it never reverts someone else's work. */
const LOCAL = Symbol('local');

export interface Identity {
	id: string;
	teamId: string | null;
}

/**
 * One board document: the Y.Doc, its y-websocket connection and its local copy in IndexedDB,
 * seen as notes and clusters that each follow their own Y.Map. Beside it, while private writing
 * lasts, the person's own private document (`/yjs/<board>/private`): the notes shown are the
 * union of both, and new notes go to the private one until the reveal moves them across.
 */
export class BoardState {
	readonly doc = new Y.Doc();
	readonly notes = new SvelteMap<string, NoteState>();
	readonly clusters = new SvelteMap<string, ClusterState>();
	connected = $state(false);
	synced = $state(false);
	/** Edits made while the connection was down, not yet confirmed by the server. */
	unsynced = $state(false);
	/** Cursors, views and who edits what: the board's awareness. */
	readonly peers = new BoardPeers();
	/** Undo and redo of this tab's own changes. */
	readonly history: BoardHistory;

	readonly #me: Identity;
	readonly #notes = this.doc.getMap<Y.Map<unknown>>('notes');
	readonly #clusters = this.doc.getMap<Y.Map<unknown>>('clusters');
	readonly #private: PrivateDoc;
	readonly #privateNotes: Y.Map<Y.Map<unknown>>;
	#provider: WebsocketProvider | null = null;
	#local: IndexeddbPersistence | null = null;
	#privateWriting = false;

	constructor(
		readonly boardId: string,
		me: Identity
	) {
		this.#me = me;
		this.#private = new PrivateDoc(boardId, me.id, () => this.#settlePrivate());
		this.#privateNotes = this.#private.notes;
		this.history = new BoardHistory([this.#notes, this.#clusters], [this.#privateNotes], LOCAL);
		this.#notes.observe((event) => {
			for (const key of event.keysChanged) this.#showNote(key);
			this.#settlePrivate();
		});
		this.#privateNotes.observe((event) => {
			for (const key of event.keysChanged) this.#showNote(key);
		});
		this.#clusters.observe((event) =>
			this.#mirror(event, this.#clusters, this.clusters, ClusterState)
		);
		this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
			if (origin === LOCAL && !this.connected) this.unsynced = true;
		});
	}

	/** The shared document's copy of a note wins: after a reveal both may hold it for a moment. */
	#showNote(key: string) {
		const map = this.#notes.get(key) ?? this.#privateNotes.get(key);
		const shown = this.notes.get(key);
		if (shown && shown.map === map) return;
		shown?.destroy();
		if (map instanceof Y.Map) this.notes.set(key, new NoteState(key, map));
		else this.notes.delete(key);
	}

	/** Whether only this person sees the note (it is still in their private document). */
	isPrivate(noteId: string): boolean {
		return !this.#notes.has(noteId) && this.#privateNotes.has(noteId);
	}

	/**
	 * Private writing turned on or off (stage, reveal). While on, new notes go to the private
	 * document; once off, that document is kept only until the shared one holds its notes.
	 */
	setPrivateWriting(active: boolean) {
		this.#privateWriting = active;
		this.history.privateWriting = active;
		this.#settlePrivate();
	}

	get privateDoc(): Y.Doc {
		return this.#private.doc;
	}

	#settlePrivate() {
		this.#private.settle(this.#privateWriting, this.#notes);
	}

	#mirror<T extends { destroy(): void }>(
		event: Y.YMapEvent<Y.Map<unknown>>,
		source: Y.Map<Y.Map<unknown>>,
		target: SvelteMap<string, T>,
		Item: new (id: string, map: Y.Map<unknown>) => T
	) {
		for (const key of event.keysChanged) {
			target.get(key)?.destroy();
			const map = source.get(key);
			if (map instanceof Y.Map) target.set(key, new Item(key, map));
			else target.delete(key);
		}
	}

	start(user: PeerUser) {
		const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
		this.#local = new IndexeddbPersistence(`whitespace-board:${this.boardId}`, this.doc);
		const serverUrl = `${scheme}://${location.host}/yjs`;
		const provider = new WebsocketProvider(serverUrl, this.boardId, this.doc);
		this.#provider = provider;
		provider.on('status', ({ status }: { status: string }) => {
			this.connected = status === 'connected';
			if (!this.connected) this.synced = false;
		});
		provider.on('sync', (synced: boolean) => {
			this.synced = synced;
			if (synced) this.unsynced = false;
		});
		this.peers.attach(provider.awareness, user);
		this.#private.open(serverUrl);
		this.#settlePrivate();
	}

	destroy() {
		this.peers.detach();
		this.#provider?.destroy();
		void this.#local?.destroy();
		this.history.destroy();
		for (const item of [...this.notes.values(), ...this.clusters.values()]) item.destroy();
		this.doc.destroy();
		this.#private.destroy();
	}

	/** A private note is never named to the others (the server drops it too). */
	setEditing(noteId: string | null) {
		const shown = noteId && this.isPrivate(noteId) ? null : noteId;
		this.peers.setEditing(shown);
	}

	// --- edits -------------------------------------------------------------------------------

	#edit(fn: () => void, doc: Y.Doc = this.doc) {
		doc.transact(fn, LOCAL);
	}

	/** A note's map, in whichever document holds it. */
	#noteMap(noteId: string): Y.Map<unknown> | undefined {
		return this.#notes.get(noteId) ?? this.#privateNotes.get(noteId);
	}

	createNote(at: Point, clusterId: string | null = null, text = ''): string {
		const id = crypto.randomUUID();
		const target = this.#privateWriting ? this.#privateNotes : this.#notes;
		this.#edit(() => {
			const note = new Y.Map<unknown>();
			note.set('text', new Y.Text(text));
			note.set('x', at.x);
			note.set('y', at.y);
			note.set('color', NOTE_COLORS[0]);
			// The server rewrites these to the connection's identity; sent so the note shows at once.
			note.set('authorId', this.#me.id);
			note.set('teamId', this.#me.teamId);
			note.set('clusterId', clusterId);
			note.set('createdAt', Date.now());
			target.set(id, note);
		}, target.doc!);
		this.history.stopCapturing();
		return id;
	}

	/** Turns a shared text into `value` by one edit, so what others type elsewhere in it stays. */
	#retype(text: Y.Text | null | undefined, value: string) {
		const edit = text && textEdit(text.toString(), value);
		if (!text || !edit) return;
		this.#edit(() => {
			if (edit.remove) text.delete(edit.index, edit.remove);
			if (edit.insert) text.insert(edit.index, edit.insert);
		}, text.doc!);
	}

	setText(noteId: string, value: string) {
		this.#retype(this.notes.get(noteId)?.ytext, value);
	}

	moveNote(noteId: string, to: Point, clusterId: string | null) {
		const map = this.#noteMap(noteId);
		if (!map) return;
		this.#edit(() => {
			if (map.get('x') !== to.x) map.set('x', to.x);
			if (map.get('y') !== to.y) map.set('y', to.y);
			if (map.get('clusterId') !== clusterId) map.set('clusterId', clusterId);
		}, map.doc!);
	}

	recolorNote(noteId: string, color: NoteColor) {
		const map = this.#noteMap(noteId);
		if (map) this.#edit(() => map.set('color', color), map.doc!);
	}

	deleteNote(noteId: string) {
		const map = this.#noteMap(noteId);
		if (map) this.#edit(() => (map.parent as Y.Map<unknown>).delete(noteId), map.doc!);
	}

	createCluster(at: Point, title = 'New cluster'): string {
		const id = crypto.randomUUID();
		this.#edit(() => {
			const cluster = new Y.Map<unknown>();
			cluster.set('title', new Y.Text(title));
			cluster.set('x', at.x);
			cluster.set('y', at.y);
			cluster.set('color', 'slate');
			this.#clusters.set(id, cluster);
		});
		this.history.stopCapturing();
		return id;
	}

	renameCluster(clusterId: string, value: string) {
		this.#retype(this.clusters.get(clusterId)?.ytitle, value);
	}

	moveCluster(clusterId: string, to: Point) {
		const map = this.#clusters.get(clusterId);
		this.#edit(() => {
			map?.set('x', to.x);
			map?.set('y', to.y);
		});
	}

	membersOf(clusterId: string): NoteState[] {
		return [...this.notes.values()].filter((note) => note.clusterId === clusterId);
	}

	/** The notes stay where the cluster showed them, now loose on the board. */
	dissolveCluster(clusterId: string) {
		const cluster = this.clusters.get(clusterId);
		if (!cluster) return;
		const { positions } = layoutCluster(cluster, this.membersOf(clusterId));
		this.#edit(() => {
			for (const [noteId, at] of positions) this.moveNote(noteId, at, null);
			this.#clusters.delete(clusterId);
		});
	}

	/** `from`'s notes join `into`; `from` disappears. */
	mergeClusters(from: string, into: string) {
		if (from === into || !this.#clusters.has(into)) return;
		this.#edit(() => {
			for (const note of this.membersOf(from)) this.#noteMap(note.id)?.set('clusterId', into);
			this.#clusters.delete(from);
		});
	}

	/** Cluster frames with their laid-out members, for drawing and for drop targets. */
	layout(): ClusterLayout[] {
		return layoutBoard([...this.clusters.values()], this.notes.values());
	}
}
