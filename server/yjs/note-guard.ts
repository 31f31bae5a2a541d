import * as Y from 'yjs';
import type { NoteAuthor } from '../../src/lib/server/board/store.ts';
import type { DecodedUpdate } from './room.ts';

/** DESIGN.md's limits for one board. */
export const MAX_NOTES = 5_000;
export const MAX_DOC_BYTES = 16 * 1024 * 1024;
/** Structs one update may carry: bounds the work of applying it (DESIGN.md: ~10 ms). */
export const MAX_STRUCTS_PER_UPDATE = 20_000;

export interface Writer {
	userId: string;
	teamId: string | null;
}

export type Refusal = {
	code: 'too_costly' | 'note_limit' | 'board_full' | 'read_only';
	message: string;
};

/**
 * Decided from the decoded update before it touches the doc: how much work it is, and how many
 * notes it would add. A note is an item whose parent is the root map `notes`. `notesElsewhere`
 * counts the board's notes held in other documents (private ones), which the limit includes.
 */
export function checkUpdate(
	doc: Y.Doc,
	{ structs }: DecodedUpdate,
	notesElsewhere = 0
): Refusal | null {
	if (structs.length > MAX_STRUCTS_PER_UPDATE) {
		return { code: 'too_costly', message: 'That change is too large to apply at once.' };
	}
	const notes = doc.getMap('notes');
	const added = new Set<string>();
	for (const struct of structs) {
		if (!(struct instanceof Y.Item)) continue;
		const key = struct.parentSub;
		// A decoded (not yet integrated) item names a root type by its string name.
		const parent: unknown = struct.parent;
		if (parent === 'notes' && key !== null && !notes.has(key)) added.add(key);
	}
	if (added.size && notes.size + notesElsewhere + added.size > MAX_NOTES) {
		return {
			code: 'note_limit',
			message: `This board holds ${MAX_NOTES.toLocaleString('en')} notes, the most it can. Merge or delete notes to add more.`
		};
	}
	return null;
}

/**
 * After a writer's transaction: authorship belongs to the server. A new note is stamped with
 * the writer (or with nobody when the challenge keeps notes anonymous) and its real author
 * returned for Postgres; an existing note's author fields are put back if the writer changed
 * them. Runs inside the writer's transaction, so the fix travels with their change.
 */
export function enforceAuthorship(
	transaction: Y.Transaction,
	authors: Map<string, NoteAuthor>,
	writer: Writer,
	anonymous: boolean
): [string, NoteAuthor][] {
	const notes = transaction.doc.getMap('notes');
	const created: [string, NoteAuthor][] = [];
	const touched = new Set<string>();
	for (const key of changedKeys(transaction, notes) ?? []) if (key !== null) touched.add(key);
	for (const [type, keys] of transaction.changed) {
		if (
			type instanceof Y.Map &&
			type.parent === notes &&
			(keys.has('authorId') || keys.has('teamId'))
		) {
			const id = type._item?.parentSub;
			if (id) touched.add(id);
		}
	}
	for (const id of touched) {
		const note = notes.get(id);
		if (!(note instanceof Y.Map)) continue;
		let author = authors.get(id);
		if (!author) {
			author = { userId: writer.userId, teamId: writer.teamId, createdAt: Date.now() };
			authors.set(id, author);
			created.push([id, author]);
		}
		const shown = anonymous
			? { authorId: null, teamId: null }
			: { authorId: author.userId, teamId: author.teamId };
		if (note.get('authorId') !== shown.authorId) note.set('authorId', shown.authorId);
		if (note.get('teamId') !== shown.teamId) note.set('teamId', shown.teamId);
	}
	return created;
}

/** The keys a transaction changed on one shared type (Yjs types `changed` by its event type). */
function changedKeys(
	transaction: Y.Transaction,
	type: Y.Map<unknown>
): Set<string | null> | undefined {
	for (const [changed, keys] of transaction.changed) if ((changed as unknown) === type) return keys;
	return undefined;
}
