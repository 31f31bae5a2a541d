import * as Y from 'yjs';
import type { AppContext } from '../../src/lib/server/context.ts';
import { loadBoard, type NoteAuthor } from '../../src/lib/server/board/store.ts';
import { boardSettings, type BoardSettings } from '../../src/lib/server/board/settings.ts';
import { boardAccess } from '../../src/lib/shared/board.ts';
import { rooms } from '../../src/lib/shared/realtime.ts';
import { isPrivateWritingActive, privateDocKey } from '../../src/lib/shared/private-writing.ts';
import type { Stage } from '../../src/lib/shared/stages.ts';
import type { Identity } from '../auth.ts';
import * as awarenessProtocol from 'y-protocols/awareness';
import { BoardPersister } from './persister.ts';
import { BoardRelay } from './relay.ts';
import { BoardRoom, type DecodedUpdate, type RoomSocket } from './room.ts';
import { checkUpdate, enforceAuthorship, MAX_DOC_BYTES, type Refusal } from './note-guard.ts';

const LOADED = Symbol('loaded from storage');
const REMOTE = Symbol('from another node');
const MERGED = Symbol('private notes revealed');

type Phase = 'loading' | 'ready' | 'failed' | 'unloaded';

/** What a host asks of the endpoint that holds every board of this node. */
export interface HostLinks {
	onGone(host: BoardHost): void;
	/** The board's notes held in this node's other documents of it (for the 5,000 limit). */
	notesElsewhere(host: BoardHost): number;
	/** A revealed private document's notes go into the shared one (every node converges). */
	reveal(boardId: string, update: Uint8Array, authors: [string, NoteAuthor][]): void;
	/** Someone wrote a note: the "notes written so far" count changed. */
	wrote(host: BoardHost): void;
}

interface Pending {
	socket: RoomSocket;
	identity: Identity;
	messages: Uint8Array[];
}

/**
 * One board on this node: loads it once for however many people join meanwhile, holds their
 * messages until the stored document is in (nobody is ever served an empty doc that is not
 * empty), persists what they write, and unloads only after its final flush succeeded. A
 * connection arriving during that flush joins the same, still complete, document.
 */
export class BoardHost {
	readonly room: BoardRoom;
	private phase: Phase = 'loading';
	private settings: BoardSettings | null = null;
	/** A stage change heard while loading: newer than whatever the load may read. */
	private stageHeard: Stage | null = null;
	private revealHeard = false;
	private persister: BoardPersister | null = null;
	readonly authors = new Map<string, NoteAuthor>();
	private bytes = 0;
	private pending: Pending[] = [];
	private unloadTimer: NodeJS.Timeout | null = null;
	private readonly notified = new Map<string, number>();
	private readonly relay: BoardRelay;
	private remoteEarly: Uint8Array[] = [];
	private relayOutbox: Uint8Array[] = [];

	/** The storage and relay key: the board, or `owner`'s private document of it. */
	readonly key: string;

	constructor(
		private readonly ctx: AppContext,
		readonly boardId: string,
		private readonly links: HostLinks,
		/** Set for a private document: the one person it belongs to. */
		readonly owner: string | null = null
	) {
		this.key = owner ? privateDocKey(boardId, owner) : boardId;
		this.room = new BoardRoom(this.key, {
			refuse: (update) => this.refuse(update),
			afterWrite: (transaction, identity) => {
				const created = enforceAuthorship(
					transaction,
					this.authors,
					{ userId: identity.user.id, teamId: identity.user.teamId },
					this.settings!.anonymous
				);
				if (!created.length) return;
				this.persister!.addAuthors(created);
				this.links.wrote(this);
			},
			refused: (identity, refusal) => this.tell(identity, refusal)
		});
		this.relay = new BoardRelay(ctx, this.key, {
			update: (update) => {
				if (this.phase === 'ready') Y.applyUpdate(this.room.doc, update, REMOTE);
				else if (this.phase === 'loading') this.remoteEarly.push(update);
			},
			awareness: (update) => {
				if (this.phase === 'ready')
					awarenessProtocol.applyAwarenessUpdate(this.room.awareness, update, REMOTE);
			},
			authors: (data) => {
				const authors = JSON.parse(new TextDecoder().decode(data)) as [string, NoteAuthor][];
				for (const [id, author] of authors) this.authors.set(id, author);
			},
			hello: (stateVector) => this.answerHello(stateVector),
			resync: (stateVector) => {
				// The asking node may hold what this one missed too: ask back.
				if (!this.answerHello(stateVector)) return;
				this.relay.publish('hello', Y.encodeStateVector(this.room.doc));
			},
			resubscribed: () => {
				if (this.phase === 'ready')
					this.relay.publish('resync', Y.encodeStateVector(this.room.doc));
			}
		});
		void this.load();
	}

	get ready(): boolean {
		return this.phase === 'ready';
	}

	get sessionId(): string | null {
		return this.settings?.sessionId ?? null;
	}

	get noteCount(): number {
		return this.phase === 'ready' ? this.room.doc.getMap('notes').size : 0;
	}

	get unsavedAuthors(): number {
		return this.persister?.unsavedAuthors ?? 0;
	}

	/** A private document whose notes are still hidden (otherwise it forwards what it holds). */
	get hiding(): boolean {
		return !!this.owner && !!this.settings && isPrivateWritingActive(this.settings, this.settings);
	}

	/** Starts serving a connection, or queues it until the board is loaded. */
	connect(socket: RoomSocket, identity: Identity): void {
		this.cancelUnload();
		if (this.phase === 'ready') return this.room.join(socket, identity);
		this.pending.push({ socket, identity, messages: [] });
	}

	receive(socket: RoomSocket, message: Uint8Array): void {
		const waiting = this.pending.find((p) => p.socket === socket);
		if (waiting) waiting.messages.push(message);
		else this.room.receive(socket, message);
	}

	disconnect(socket: RoomSocket): void {
		this.pending = this.pending.filter((p) => p.socket !== socket);
		this.room.leave(socket);
		if (this.phase === 'ready') this.scheduleUnload();
	}

	setStage(stage: Stage): void {
		const hiding = this.hiding;
		if (this.settings) this.settings.stage = stage;
		else this.stageHeard = stage;
		if (hiding && !this.hiding) this.revealAll();
	}

	/** The facilitator revealed the board's private notes (heard on every node). */
	setRevealed(): void {
		const hiding = this.hiding;
		if (this.settings) this.settings.privateRevealed = true;
		else this.revealHeard = true;
		if (hiding && !this.hiding) this.revealAll();
	}

	/**
	 * Revealed notes merge into the shared document (a Yjs merge: idempotent, and a note edited up
	 * to the reveal keeps its latest text). Applied as a server change: persisted and relayed once.
	 */
	merge(update: Uint8Array, authors: [string, NoteAuthor][]): void {
		for (const [id, author] of authors) this.authors.set(id, author);
		if (authors.length) {
			this.persister!.addAuthors(authors);
			this.relay.publish('authors', new TextEncoder().encode(JSON.stringify(authors)));
		}
		Y.applyUpdate(this.room.doc, update, MERGED);
	}

	/** Everything this private document holds goes to the shared one. */
	private revealAll(): void {
		if (this.phase !== 'ready' || this.noteCount === 0) return;
		this.forward(Y.encodeStateAsUpdate(this.room.doc));
	}

	private forward(update: Uint8Array): void {
		const notes = this.room.doc.getMap('notes');
		const authors = [...this.authors].filter(([id]) => notes.has(id));
		this.links.reveal(this.boardId, update, authors);
	}

	/** Writes out what is not stored yet (graceful shutdown, tests). */
	async flush(): Promise<void> {
		await this.persister?.flush();
	}

	private async load(): Promise<void> {
		try {
			// Subscribe before reading storage: an update another node relays meanwhile is kept.
			await this.relay.start();
			const [settings, stored] = await withTimeout(
				Promise.all([
					boardSettings(this.ctx.db, this.boardId),
					loadBoard(this.ctx.db, this.boardId, this.owner ?? undefined)
				]),
				this.ctx.config.BOARD_LOAD_TIMEOUT_MS
			);
			if (!settings) throw new Error('board has no session');
			this.settings = {
				...settings,
				stage: this.stageHeard ?? settings.stage,
				privateRevealed: settings.privateRevealed || this.revealHeard
			};
			if (stored.state) Y.applyUpdate(this.room.doc, stored.state, LOADED);
			for (const [id, author] of stored.authors) this.authors.set(id, author);
			this.bytes = stored.bytes;
			const persister = new BoardPersister(
				this.ctx,
				this.boardId,
				this.room.doc,
				stored.rows,
				this.key
			);
			this.room.doc.on('update', (update: Uint8Array, origin: unknown) => {
				if (origin === LOADED) return;
				this.bytes += update.byteLength;
				// Every node stores what it holds: an update survives the death of the node it came in by.
				persister.addUpdate(update);
				if (origin !== REMOTE) this.relayUpdate(update);
				// A private document written to after its notes were revealed (a tab that had not
				// heard yet, an offline copy coming back) passes the change on to the shared one.
				if (this.owner && origin !== REMOTE && !this.hiding) this.forward(update);
			});
			this.room.awareness.on('update', (change: AwarenessChange, origin: unknown) => {
				if (origin === REMOTE) return;
				const ids = [...change.added, ...change.updated, ...change.removed];
				this.relay.publish(
					'awareness',
					awarenessProtocol.encodeAwarenessUpdate(this.room.awareness, ids)
				);
			});
			this.persister = persister;
			this.phase = 'ready';
			this.ctx.log.debug({ boardId: this.boardId, bytes: this.bytes }, 'board loaded');
			for (const update of this.remoteEarly) Y.applyUpdate(this.room.doc, update, REMOTE);
			this.remoteEarly = [];
			// Peers answer with what they hold and have not stored yet.
			this.relay.publish('hello', Y.encodeStateVector(this.room.doc));
			if (this.owner && !this.hiding) this.revealAll();
		} catch (error) {
			this.ctx.log.error({ err: error, boardId: this.boardId }, 'board load failed');
			this.phase = 'failed';
			void this.relay.stop();
			for (const p of this.pending)
				p.socket.close(1011, 'The board could not be loaded. Try again.');
			this.pending = [];
			return this.gone();
		}
		const pending = this.pending;
		this.pending = [];
		for (const p of pending) {
			this.room.join(p.socket, p.identity);
			for (const message of p.messages) {
				try {
					this.room.receive(p.socket, message);
				} catch {
					p.socket.close(1007, 'malformed message');
					break;
				}
			}
		}
		this.scheduleUnload();
	}

	/** Sends a peer what it lacks, with every awareness state held here; false if not loaded. */
	private answerHello(stateVector: Uint8Array): boolean {
		if (this.phase !== 'ready') return false;
		this.relay.publish('update', Y.encodeStateAsUpdate(this.room.doc, stateVector));
		const ids = [...this.room.awareness.getStates().keys()];
		if (ids.length)
			this.relay.publish(
				'awareness',
				awarenessProtocol.encodeAwarenessUpdate(this.room.awareness, ids)
			);
		return true;
	}

	/** One relay message per event-loop turn, like the room's own fan-out. */
	private relayUpdate(update: Uint8Array): void {
		this.relayOutbox.push(update);
		if (this.relayOutbox.length > 1) return;
		setImmediate(() => {
			const updates = this.relayOutbox;
			this.relayOutbox = [];
			this.relay.publish('update', updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
		});
	}

	private scheduleUnload(): void {
		if (this.room.size > 0 || this.pending.length > 0 || this.unloadTimer) return;
		this.unloadTimer = setTimeout(() => void this.unload(), this.ctx.config.BOARD_UNLOAD_IDLE_MS);
	}

	private async unload(): Promise<void> {
		this.unloadTimer = null;
		try {
			await this.flush();
		} catch {
			// Never drop a board whose changes are not stored: try again later.
			this.unloadTimer = setTimeout(() => void this.unload(), this.ctx.config.BOARD_UNLOAD_IDLE_MS);
			return;
		}
		if (this.room.size > 0 || this.pending.length > 0 || this.unloadTimer) return;
		this.phase = 'unloaded';
		void this.relay.stop();
		this.persister?.close();
		this.room.destroy();
		this.ctx.log.debug({ boardId: this.boardId }, 'board unloaded');
		this.gone();
	}

	private gone(): void {
		this.links.onGone(this);
	}

	private cancelUnload(): void {
		if (this.unloadTimer) clearTimeout(this.unloadTimer);
		this.unloadTimer = null;
	}

	private refuse(update: DecodedUpdate): Refusal | null {
		const access = boardAccess(this.settings!.stage);
		if (!access.editable) return { code: 'read_only', message: access.reason };
		if (this.bytes + update.bytes > MAX_DOC_BYTES) {
			return {
				code: 'board_full',
				message: 'This board has reached its 16 MiB size limit; further changes are not saved.'
			};
		}
		return checkUpdate(this.room.doc, update, this.links.notesElsewhere(this));
	}

	/** The writer hears why their change was refused, and the facilitators about full boards. */
	private tell(identity: Identity, refusal: Refusal): void {
		const sessionId = this.settings!.sessionId;
		const key = `${identity.user.id}:${refusal.code}`;
		const now = Date.now();
		if ((this.notified.get(key) ?? 0) > now - 10_000) return;
		this.notified.set(key, now);
		const payload = { sessionId, code: refusal.code, message: refusal.message };
		this.ctx.sockets.emit(rooms.user(identity.user.id), 'board:refused', payload);
		if (refusal.code === 'board_full' || refusal.code === 'note_limit')
			this.ctx.sockets.emit(rooms.facilitators(sessionId), 'board:refused', payload);
		this.ctx.log.info(
			{ boardId: this.boardId, user: identity.user.id, code: refusal.code },
			'board update refused'
		);
	}
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	let timer: NodeJS.Timeout;
	return Promise.race([
		promise.finally(() => clearTimeout(timer)),
		new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`load timed out after ${ms} ms`)), ms);
		})
	]);
}

interface AwarenessChange {
	added: number[];
	updated: number[];
	removed: number[];
}
