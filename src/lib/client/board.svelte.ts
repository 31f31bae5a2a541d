import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { SvelteMap } from 'svelte/reactivity';
import {
	NOTE_COLORS,
	layoutCluster,
	textEdit,
	type NoteColor,
	type Point,
	type Rect
} from '$lib/shared/board';
import { CURSOR_THROTTLE_MS, readPeer, type PeerUser, type View } from '$lib/shared/board-cursors';
import { ClusterState, NoteState } from './board-items.svelte';

/** Origin of this tab's own edits: what undo tracks, so it never reverts someone else's work. */
const LOCAL = Symbol('local');

export interface Peer {
	clientId: number;
	user: PeerUser;
	cursor: Point | null;
	editing: string | null;
	view: View | null;
	movedAt: number;
}

export interface Identity {
	id: string;
	teamId: string | null;
}

/**
 * One board document: the Y.Doc, its y-websocket connection and its local copy in IndexedDB,
 * seen as notes and clusters that each follow their own Y.Map.
 */
export class BoardState {
	readonly doc = new Y.Doc();
	readonly notes = new SvelteMap<string, NoteState>();
	readonly clusters = new SvelteMap<string, ClusterState>();
	connected = $state(false);
	synced = $state(false);
	/** Edits made while the connection was down, not yet confirmed by the server. */
	unsynced = $state(false);
	peers = $state.raw<Peer[]>([]);
	canUndo = $state(false);
	canRedo = $state(false);

	readonly #me: Identity;
	readonly #notes = this.doc.getMap<Y.Map<unknown>>('notes');
	readonly #clusters = this.doc.getMap<Y.Map<unknown>>('clusters');
	readonly #undo: Y.UndoManager;
	#provider: WebsocketProvider | null = null;
	#local: IndexeddbPersistence | null = null;
	#cursorAt = 0;
	#cursorTimer: ReturnType<typeof setTimeout> | null = null;
	#pendingCursor: Point | null = null;
	#view: View = { cx: 0, cy: 0, k: 1 };

	constructor(
		readonly boardId: string,
		me: Identity
	) {
		this.#me = me;
		this.#undo = new Y.UndoManager([this.#notes, this.#clusters], {
			// eslint-disable-next-line svelte/prefer-svelte-reactivity -- read by Yjs, never rendered
			trackedOrigins: new Set([LOCAL]),
			captureTimeout: 400
		});
		const history = () => {
			this.canUndo = this.#undo.canUndo();
			this.canRedo = this.#undo.canRedo();
		};
		this.#undo.on('stack-item-added', history);
		this.#undo.on('stack-item-popped', history);
		this.#notes.observe((event) => this.#mirror(event, this.#notes, this.notes, NoteState));
		this.#clusters.observe((event) =>
			this.#mirror(event, this.#clusters, this.clusters, ClusterState)
		);
		this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
			if (origin === LOCAL && !this.connected) this.unsynced = true;
		});
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
		const provider = new WebsocketProvider(
			`${scheme}://${location.host}/yjs`,
			this.boardId,
			this.doc
		);
		this.#provider = provider;
		provider.on('status', ({ status }: { status: string }) => {
			this.connected = status === 'connected';
			if (!this.connected) this.synced = false;
		});
		provider.on('sync', (synced: boolean) => {
			this.synced = synced;
			if (synced) this.unsynced = false;
		});
		provider.awareness.setLocalState({ user, cursor: null, editing: null, view: null });
		provider.awareness.on('change', () => this.#readPeers());
	}

	destroy() {
		if (this.#cursorTimer) clearTimeout(this.#cursorTimer);
		this.#provider?.awareness.setLocalState(null);
		this.#provider?.destroy();
		void this.#local?.destroy();
		this.#undo.destroy();
		for (const item of [...this.notes.values(), ...this.clusters.values()]) item.destroy();
		this.doc.destroy();
	}

	#readPeers() {
		const awareness = this.#provider?.awareness;
		if (!awareness) return;
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup for this call only
		const previous = new Map(this.peers.map((peer) => [peer.clientId, peer]));
		const now = Date.now();
		const peers: Peer[] = [];
		for (const [clientId, state] of awareness.getStates()) {
			if (clientId === awareness.clientID) continue;
			const peer = readPeer(state);
			if (!peer) continue;
			const before = previous.get(clientId);
			const moved =
				!before || before.cursor?.x !== peer.cursor?.x || before.cursor?.y !== peer.cursor?.y;
			peers.push({ clientId, ...peer, movedAt: moved ? now : before.movedAt });
		}
		this.peers = peers;
	}

	// --- awareness -------------------------------------------------------------------------

	/** Throttled: at most one cursor message per CURSOR_THROTTLE_MS, the last position wins. */
	setCursor(point: Point | null) {
		this.#pendingCursor = point;
		if (this.#cursorTimer) return;
		const wait = Math.max(0, this.#cursorAt + CURSOR_THROTTLE_MS - Date.now());
		this.#cursorTimer = setTimeout(() => {
			this.#cursorTimer = null;
			this.#cursorAt = Date.now();
			this.#provider?.awareness.setLocalStateField('cursor', this.#pendingCursor);
		}, wait);
	}

	setEditing(noteId: string | null) {
		this.#provider?.awareness.setLocalStateField('editing', noteId);
	}

	setView(view: View) {
		this.#view = view;
		this.#provider?.awareness.setLocalStateField('view', view);
	}

	/** "Bring everyone to me": a fresh summon stamp on this screen's view pulls the others. */
	summon() {
		this.setView({ ...this.#view, summon: Date.now() });
	}

	// --- edits -------------------------------------------------------------------------------

	#edit(fn: () => void) {
		this.doc.transact(fn, LOCAL);
	}

	createNote(at: Point, clusterId: string | null = null, text = ''): string {
		const id = crypto.randomUUID();
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
			this.#notes.set(id, note);
		});
		this.#undo.stopCapturing();
		return id;
	}

	setText(noteId: string, value: string) {
		const text = this.notes.get(noteId)?.ytext;
		const edit = text && textEdit(text.toString(), value);
		if (!text || !edit) return;
		this.#edit(() => {
			if (edit.remove) text.delete(edit.index, edit.remove);
			if (edit.insert) text.insert(edit.index, edit.insert);
		});
	}

	moveNote(noteId: string, to: Point, clusterId: string | null) {
		const map = this.#notes.get(noteId);
		if (!map) return;
		this.#edit(() => {
			if (map.get('x') !== to.x) map.set('x', to.x);
			if (map.get('y') !== to.y) map.set('y', to.y);
			if (map.get('clusterId') !== clusterId) map.set('clusterId', clusterId);
		});
	}

	recolorNote(noteId: string, color: NoteColor) {
		this.#edit(() => this.#notes.get(noteId)?.set('color', color));
	}

	deleteNote(noteId: string) {
		this.#edit(() => this.#notes.delete(noteId));
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
		this.#undo.stopCapturing();
		return id;
	}

	renameCluster(clusterId: string, value: string) {
		const title = this.clusters.get(clusterId)?.ytitle;
		const edit = title && textEdit(title.toString(), value);
		if (!title || !edit) return;
		this.#edit(() => {
			if (edit.remove) title.delete(edit.index, edit.remove);
			if (edit.insert) title.insert(edit.index, edit.insert);
		});
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
			for (const note of this.membersOf(from)) this.#notes.get(note.id)?.set('clusterId', into);
			this.#clusters.delete(from);
		});
	}

	undo() {
		this.#undo.undo();
	}

	redo() {
		this.#undo.redo();
	}

	/** Cluster frames with their laid-out members, for drawing and for drop targets. */
	layout(): { id: string; bounds: Rect; positions: Map<string, Point> }[] {
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup for this call only
		const members = new Map<string, NoteState[]>();
		for (const note of this.notes.values()) {
			if (!note.clusterId || !this.clusters.has(note.clusterId)) continue;
			let list = members.get(note.clusterId);
			if (!list) members.set(note.clusterId, (list = []));
			list.push(note);
		}
		return [...this.clusters.values()].map((cluster) => ({
			id: cluster.id,
			...layoutCluster(cluster, members.get(cluster.id) ?? [])
		}));
	}
}
