import type { AppContext } from '../../src/lib/server/context.ts';
import {
	appendBoard,
	COMPACT_AFTER_ROWS,
	compactBoard,
	type NoteAuthor
} from '../../src/lib/server/board/store.ts';
import type * as Y from 'yjs';

/** A quiet board is written this long after its last update… */
export const FLUSH_IDLE_MS = 2_000;
/** …and a board under continuous editing at least this often. */
export const FLUSH_MAX_MS = 10_000;

/**
 * Writes a board's updates to Postgres in batches: one row per flush, never one per keystroke.
 * Only updates the doc received after its load are written, and rows are only appended (or
 * replaced by a union of themselves), so a failed load can never overwrite the stored board.
 */
export class BoardPersister {
	private pending: Uint8Array[] = [];
	private authors: [string, NoteAuthor][] = [];
	private idleTimer: NodeJS.Timeout | null = null;
	private maxTimer: NodeJS.Timeout | null = null;
	private inFlight: Promise<void> | null = null;
	private rowsWritten: number;

	constructor(
		private readonly ctx: AppContext,
		private readonly boardId: string,
		private readonly doc: Y.Doc,
		storedRows: number,
		/** Where the rows go: the board, or one person's private document of it. */
		private readonly key = boardId
	) {
		this.rowsWritten = storedRows;
	}

	/** Notes created here whose authorship is not stored yet. */
	get unsavedAuthors(): number {
		return this.authors.length;
	}

	get dirty(): boolean {
		return this.pending.length > 0 || this.authors.length > 0;
	}

	addUpdate(update: Uint8Array): void {
		this.pending.push(update);
		this.schedule();
	}

	addAuthors(created: [string, NoteAuthor][]): void {
		this.authors.push(...created);
		this.schedule();
	}

	private schedule(): void {
		if (this.idleTimer) clearTimeout(this.idleTimer);
		this.idleTimer = setTimeout(() => void this.flush(), FLUSH_IDLE_MS);
		this.maxTimer ??= setTimeout(() => void this.flush(), FLUSH_MAX_MS);
	}

	/** Writes everything received so far; resolves once it is durable (or throws). */
	async flush(): Promise<void> {
		this.clearTimers();
		// One write at a time, in order: a flush waits for the one in flight, then writes the rest.
		while (this.inFlight) await this.inFlight.catch(() => {});
		if (!this.dirty) return;
		const updates = this.pending;
		const authors = this.authors;
		this.pending = [];
		this.authors = [];
		this.inFlight = (async () => {
			try {
				await appendBoard(this.ctx.db, this.boardId, updates, authors, this.key);
				this.rowsWritten += updates.length ? 1 : 0;
				if (this.rowsWritten >= COMPACT_AFTER_ROWS) {
					await compactBoard(this.ctx.db, this.key, this.doc);
					this.rowsWritten = 1;
				}
			} catch (error) {
				// Keep them for the next try, in front of anything that arrived meanwhile.
				this.pending = [...updates, ...this.pending];
				this.authors = [...authors, ...this.authors];
				this.idleTimer ??= setTimeout(() => void this.flush(), FLUSH_IDLE_MS);
				this.ctx.log.error({ err: error, boardId: this.boardId }, 'board save failed; retrying');
				throw error;
			} finally {
				this.inFlight = null;
			}
		})();
		await this.inFlight;
	}

	close(): void {
		this.clearTimers();
	}

	private clearTimers(): void {
		if (this.idleTimer) clearTimeout(this.idleTimer);
		if (this.maxTimer) clearTimeout(this.maxTimer);
		this.idleTimer = this.maxTimer = null;
	}
}
