import * as Y from 'yjs';
import type { AppContext } from '../../src/lib/server/context.ts';
import { loadBoard, type NoteAuthor } from '../../src/lib/server/board/store.ts';
import { boardSettings, type BoardSettings } from '../../src/lib/server/board/settings.ts';
import { isPrivateWritingActive, privateDocKey } from '../../src/lib/shared/private-writing.ts';
import type { Stage } from '../../src/lib/shared/stages.ts';
import type { Identity } from '../auth.ts';
import { BoardLink, REMOTE } from './board-link.ts';
import { refuseUpdate, RefusalNotices } from './board-refusals.ts';
import { BoardPersister } from './persister.ts';
import { BoardRoom, type RoomSocket } from './room.ts';
import { enforceAuthorship } from './note-guard.ts';

const LOADED = Symbol('loaded from storage');
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
	private readonly notices: RefusalNotices;
	private readonly link: BoardLink;

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
			refuse: (update) =>
				refuseUpdate(
					{
						stage: this.settings!.stage,
						bytes: this.bytes,
						doc: this.room.doc,
						notesElsewhere: this.links.notesElsewhere(this)
					},
					update
				),
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
			refused: (identity, refusal) => this.notices.tell(this.settings!.sessionId, identity, refusal)
		});
		this.notices = new RefusalNotices(ctx, boardId);
		this.link = new BoardLink(ctx, this.key, this.room, this.authors);
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
			this.link.publishAuthors(authors);
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
			await this.link.start();
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
				if (origin !== REMOTE) this.link.publishUpdate(update);
				// A private document written to after its notes were revealed (a tab that had not
				// heard yet, an offline copy coming back) passes the change on to the shared one.
				if (this.owner && origin !== REMOTE && !this.hiding) this.forward(update);
			});
			this.persister = persister;
			this.phase = 'ready';
			this.ctx.log.debug({ boardId: this.boardId, bytes: this.bytes }, 'board loaded');
			this.link.opened();
			if (this.owner && !this.hiding) this.revealAll();
		} catch (error) {
			this.ctx.log.error({ err: error, boardId: this.boardId }, 'board load failed');
			this.phase = 'failed';
			void this.link.stop();
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
		void this.link.stop();
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
