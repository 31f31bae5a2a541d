import * as Y from 'yjs';
import type { NoteAuthor } from '../../src/lib/server/board/store.ts';
import type { DecodedUpdate } from './room.ts';

/** DESIGN.md's limits for one board. */
export const MAX_NOTES = 5_000;
export const MAX_DOC_BYTES = 16 * 1024 * 1024;
/**
 * Structs plus deleted ranges one update may carry: bounds the work of applying it (DESIGN.md:
 * ~10 ms).
 */
export const MAX_STRUCTS_PER_UPDATE = 20_000;
/** The schema nests three deep (notes → note → text); anything far deeper is an attack on readers. */
export const MAX_TYPE_DEPTH = 8;

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
	{ structs, ds }: DecodedUpdate,
	notesElsewhere = 0
): Refusal | null {
	let work = structs.length;
	for (const ranges of ds.clients.values()) work += ranges.length;
	if (work > MAX_STRUCTS_PER_UPDATE) {
		return { code: 'too_costly', message: 'That change is too large to apply at once.' };
	}
	const malformed = pathological(doc, structs, ds);
	if (malformed) return { code: 'too_costly', message: malformed };
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

type Struct = DecodedUpdate['structs'][number];

/**
 * What no honest client sends, found before applying: a struct claiming more clocks than a whole
 * board may hold (a dozen bytes that make every later state vector and merge pay for 2^40
 * clocks), a delete of content neither the board nor the update has (Yjs keeps it pending and
 * retries it on every later update), or types nested far deeper than the schema.
 */
function pathological(doc: Y.Doc, structs: Struct[], ds: DecodedUpdate['ds']): string | null {
	const ends = new Map<number, number>();
	for (const struct of structs) {
		if (struct.length > MAX_DOC_BYTES) return 'That change claims more content than a board holds.';
		const end = struct.id.clock + struct.length;
		if (end > (ends.get(struct.id.client) ?? 0)) ends.set(struct.id.client, end);
	}
	for (const [client, ranges] of ds.clients) {
		const known = Math.max(Y.getState(doc.store, client), ends.get(client) ?? 0);
		if (ranges.some((r) => r.clock + r.len > known))
			return 'That change deletes content this board does not have.';
	}
	return tooDeep(doc, structs) ? 'That change nests content deeper than a board allows.' : null;
}

/**
 * Whether a type this update creates sits deeper than MAX_TYPE_DEPTH. An item names its parent,
 * or (when it has a neighbour) shares its origin's parent; both may be in the update or the
 * board. Resolved without recursion, each item once, so a long chain costs linear time.
 */
function tooDeep(doc: Y.Doc, structs: Struct[]): boolean {
	const byClient = new Map<number, Y.Item[]>();
	for (const s of structs) {
		if (!(s instanceof Y.Item)) continue;
		const list = byClient.get(s.id.client) ?? [];
		list.push(s);
		byClient.set(s.id.client, list);
	}
	const find = (id: Y.ID): Y.Item | number | null => {
		const list = byClient.get(id.client);
		if (list) {
			let lo = 0;
			let hi = list.length - 1;
			while (lo <= hi) {
				const mid = (lo + hi) >> 1;
				const item = list[mid]!;
				if (id.clock < item.id.clock) hi = mid - 1;
				else if (id.clock >= item.id.clock + item.length) lo = mid + 1;
				else return item;
			}
		}
		if (id.clock >= Y.getState(doc.store, id.client)) return null;
		const stored = Y.getItem(doc.store, id);
		return stored instanceof Y.Item ? typeDepth(stored.parent as Y.AbstractType<unknown>) : null;
	};
	// Depth of the type an item lives in (a root type is 1). Walks an item's chain of parents and
	// origins until something known, then fills in the depths on the way back.
	const depth = new Map<Y.Item, number>();
	for (const list of byClient.values()) {
		for (const first of list) {
			const path: { item: Y.Item; up: number }[] = [];
			let tail = 0;
			let current: Y.Item | null = first;
			while (current && !depth.has(current)) {
				const parent: unknown = current.parent;
				if (typeof parent === 'string') {
					path.push({ item: current, up: 1 });
					break;
				}
				const up = parent instanceof Y.ID ? 1 : 0;
				path.push({ item: current, up });
				const via: Y.ID | null =
					parent instanceof Y.ID ? parent : (current.origin ?? current.rightOrigin);
				const next: Y.Item | number | null =
					via && path.length <= structs.length ? find(via) : null;
				if (next === null) tail = 1 - up;
				else if (typeof next === 'number') tail = next;
				else if (depth.has(next)) tail = depth.get(next)!;
				else {
					current = next;
					continue;
				}
				break;
			}
			for (let i = path.length - 1; i >= 0; i--) {
				tail += path[i]!.up;
				depth.set(path[i]!.item, tail);
				if (tail > MAX_TYPE_DEPTH) return true;
			}
		}
	}
	return false;
}

function typeDepth(type: Y.AbstractType<unknown>): number {
	let depth = 1;
	for (let item = type._item; item; item = (item.parent as Y.AbstractType<unknown>)._item) depth++;
	return depth;
}

/**
 * After a writer's transaction: authorship belongs to the server. A new note is stamped with
 * the writer (or with nobody when the challenge keeps notes anonymous) and its real author
 * returned for Postgres; an existing note's author fields are put back if the writer changed
 * them. Runs after the writer's transaction, so its writes are gathered into one transaction of
 * their own: left to themselves, each `set` made while Yjs cleans up the writer's transaction
 * becomes an update of its own several kilobytes long, and 250 notes then count megabytes
 * against the board's size limit (and in storage) instead of a few kilobytes.
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
	transaction.doc.transact(() => {
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
	});
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
