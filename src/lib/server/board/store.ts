import { and, asc, count, eq, like, lte } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db } from '../db/client.ts';
import { boardUpdates, noteAuthors } from '../db/schema/index.ts';
import { privateDocKey, privateDocPrefix } from '../../shared/private-writing.ts';

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

/**
 * A board's shared document, or with `owner` that person's private document of it. Authorship
 * is always kept under the board itself (a private note's author is recorded when it is written).
 */
export async function loadBoard(db: Db, boardId: string, owner?: string): Promise<StoredBoard> {
	const key = owner ? privateDocKey(boardId, owner) : boardId;
	const [rows, authorRows] = await Promise.all([
		db
			.select({ seq: boardUpdates.seq, update: boardUpdates.update })
			.from(boardUpdates)
			.where(eq(boardUpdates.boardId, key))
			.orderBy(asc(boardUpdates.seq)),
		db
			.select()
			.from(noteAuthors)
			.where(
				owner
					? and(eq(noteAuthors.boardId, boardId), eq(noteAuthors.userId, owner))
					: eq(noteAuthors.boardId, boardId)
			)
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

/**
 * Appends updates merged into one row under `key` (the board, or a private document of it), with
 * the authorship of notes they create under the board, atomically.
 */
export async function appendBoard(
	db: Db,
	boardId: string,
	updates: Uint8Array[],
	authors: [noteId: string, NoteAuthor][],
	key = boardId
): Promise<void> {
	if (!updates.length && !authors.length) return;
	await db.transaction(async (tx) => {
		if (updates.length)
			await tx.insert(boardUpdates).values({ boardId: key, update: Y.mergeUpdates(updates) });
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
 * the lock was taken have a higher seq and survive. `boardId` may be a private document's key.
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

export interface StoredPrivateDocs {
	/** Owner → the merge of their private document's rows. */
	docs: Map<string, Uint8Array>;
	/** Highest row read: emptying removes rows up to it, so later writes survive. */
	lastSeq: number;
}

/** Every stored private document of a board. */
export async function loadPrivateDocs(db: Db, boardId: string): Promise<StoredPrivateDocs> {
	const prefix = privateDocPrefix(boardId);
	const rows = await db
		.select({ seq: boardUpdates.seq, key: boardUpdates.boardId, update: boardUpdates.update })
		.from(boardUpdates)
		.where(like(boardUpdates.boardId, likePrefix(prefix)))
		.orderBy(asc(boardUpdates.seq));
	const byOwner = new Map<string, Uint8Array[]>();
	for (const row of rows) {
		const owner = row.key.slice(prefix.length);
		byOwner.set(owner, [...(byOwner.get(owner) ?? []), row.update]);
	}
	return {
		docs: new Map([...byOwner].map(([owner, updates]) => [owner, Y.mergeUpdates(updates)])),
		lastSeq: rows.reduce((max, row) => Math.max(max, row.seq), 0)
	};
}

/**
 * The reveal's storage step, atomically: the private notes join the shared document's rows and
 * the private rows read (up to `lastSeq`) are removed, so a note is never in neither nor lost.
 */
export async function storeRevealed(
	db: Db,
	boardId: string,
	update: Uint8Array | null,
	lastSeq: number
): Promise<void> {
	await db.transaction(async (tx) => {
		if (update) await tx.insert(boardUpdates).values({ boardId, update });
		if (lastSeq)
			await tx
				.delete(boardUpdates)
				.where(
					and(
						like(boardUpdates.boardId, likePrefix(privateDocPrefix(boardId))),
						lte(boardUpdates.seq, lastSeq)
					)
				);
	});
}

/** Notes ever written on a board (private ones included): the count private writing shows. */
export async function countWritten(db: Db, boardId: string): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(noteAuthors)
		.where(eq(noteAuthors.boardId, boardId));
	return row?.n ?? 0;
}

function likePrefix(prefix: string): string {
	return prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}
