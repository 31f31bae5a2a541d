import { and, asc, eq, lte } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db } from '../db/client.ts';
import { boardUpdates, noteAuthors } from '../db/schema/index.ts';

export interface NoteAuthor {
	userId: string;
	teamId: string | null;
	createdAt: number;
}

export interface StoredBoard {
	/** The merge of every stored row; null for a board nothing was ever written to. */
	state: Uint8Array | null;
	/** Highest row merged into `state`: compaction replaces rows up to it and no further. */
	lastSeq: number;
	rows: number;
	bytes: number;
	authors: Map<string, NoteAuthor>;
}

/** Compacting rewrites a board's rows into one once this many have piled up. */
export const COMPACT_AFTER_ROWS = 50;

export async function loadBoard(db: Db, boardId: string): Promise<StoredBoard> {
	const [rows, authorRows] = await Promise.all([
		db
			.select({ seq: boardUpdates.seq, update: boardUpdates.update })
			.from(boardUpdates)
			.where(eq(boardUpdates.boardId, boardId))
			.orderBy(asc(boardUpdates.seq)),
		db.select().from(noteAuthors).where(eq(noteAuthors.boardId, boardId))
	]);
	const authors = new Map<string, NoteAuthor>(
		authorRows.map((a) => [
			a.noteId,
			{ userId: a.userId, teamId: a.teamId, createdAt: a.createdAt.getTime() }
		])
	);
	const updates = rows.map((r) => r.update);
	return {
		state: updates.length ? Y.mergeUpdates(updates) : null,
		lastSeq: rows.at(-1)?.seq ?? 0,
		rows: rows.length,
		bytes: updates.reduce((n, u) => n + u.byteLength, 0),
		authors
	};
}

/** Appends updates merged into one row, with the authorship of notes they create, atomically. */
export async function appendBoard(
	db: Db,
	boardId: string,
	updates: Uint8Array[],
	authors: [noteId: string, NoteAuthor][]
): Promise<void> {
	if (!updates.length && !authors.length) return;
	await db.transaction(async (tx) => {
		if (updates.length)
			await tx.insert(boardUpdates).values({ boardId, update: Y.mergeUpdates(updates) });
		if (authors.length) {
			await tx
				.insert(noteAuthors)
				.values(
					authors.map(([noteId, a]) => ({
						boardId,
						noteId,
						userId: a.userId,
						teamId: a.teamId,
						createdAt: new Date(a.createdAt)
					}))
				)
				.onConflictDoNothing();
		}
	});
}

/**
 * Replaces every row of the board with one snapshot: the union of those rows and `doc`, so an
 * update another node stored that this doc has not seen yet is kept too. Rows appended after
 * the lock was taken have a higher seq and survive.
 */
export async function compactBoard(db: Db, boardId: string, doc: Y.Doc): Promise<void> {
	await db.transaction(async (tx) => {
		const rows = await tx
			.select({ seq: boardUpdates.seq, update: boardUpdates.update })
			.from(boardUpdates)
			.where(eq(boardUpdates.boardId, boardId))
			.orderBy(asc(boardUpdates.seq))
			.for('update');
		if (rows.length < 2) return;
		const snapshot = Y.mergeUpdates([...rows.map((r) => r.update), Y.encodeStateAsUpdate(doc)]);
		await tx
			.delete(boardUpdates)
			.where(and(eq(boardUpdates.boardId, boardId), lte(boardUpdates.seq, rows.at(-1)!.seq)));
		await tx.insert(boardUpdates).values({ boardId, update: snapshot });
	});
}
