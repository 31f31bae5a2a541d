import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { checkUpdate, enforceAuthorship, MAX_NOTES } from '../../server/yjs/note-guard.ts';
import type { DecodedUpdate } from '../../server/yjs/room.ts';

/** An update that creates `count` notes, decoded the way the room decodes it. */
function creating(count: number): DecodedUpdate {
	const doc = new Y.Doc();
	const notes = doc.getMap('notes');
	for (let i = 0; i < count; i++) notes.set(`note-${i}`, new Y.Map());
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return { bytes: update.byteLength, ...Y.decodeUpdate(update) };
}

describe('the notes limit', () => {
	it('counts notes held in other documents of the board, such as private ones', () => {
		const board = new Y.Doc();
		expect(checkUpdate(board, creating(1), MAX_NOTES - 1)).toBeNull();
		expect(checkUpdate(board, creating(2), MAX_NOTES - 1)).toMatchObject({ code: 'note_limit' });
		expect(checkUpdate(board, creating(2))).toBeNull();
		board.destroy();
	});

	it('does not count a note the document already holds as a new one', () => {
		const board = new Y.Doc();
		board.getMap('notes').set('note-0', new Y.Map());
		expect(checkUpdate(board, creating(1), MAX_NOTES - 1)).toBeNull();
		board.destroy();
	});
});

describe('the authorship rewrite', () => {
	const writer = { userId: 'u'.repeat(26), teamId: 't'.repeat(26) };

	/** A server doc that rewrites authorship after each client write, as the board room does. */
	function serverDoc() {
		const doc = new Y.Doc();
		doc.getMap('notes');
		const authors = new Map();
		const updates: number[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update.byteLength));
		doc.on('afterTransaction', (transaction: Y.Transaction) => {
			if (transaction.origin === 'client' && transaction.changed.size)
				enforceAuthorship(transaction, authors, writer, false);
		});
		return { doc, updates };
	}

	function batchOfNotes(client: Y.Doc, prefix: string, count: number): Uint8Array {
		const before = Y.encodeStateVector(client);
		client.transact(() => {
			for (let i = 0; i < count; i++) {
				const note = new Y.Map<unknown>();
				note.set('text', new Y.Text(`note ${i}`));
				note.set('authorId', null);
				note.set('teamId', null);
				client.getMap('notes').set(`${prefix}${i}`, note);
			}
		});
		return Y.encodeStateAsUpdate(client, before);
	}

	it('writes the authors of a batch of notes as one update, not one per field', () => {
		const { doc, updates } = serverDoc();
		const client = new Y.Doc();
		for (const round of ['a', 'b', 'c']) {
			Y.applyUpdate(doc, batchOfNotes(client, round, 250), 'client');
			Y.applyUpdate(client, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(client)));
		}
		for (const id of ['a0', 'b249', 'c100'])
			expect((doc.getMap('notes').get(id) as Y.Map<unknown>).get('authorId')).toBe(writer.userId);
		// Each client batch plus one rewrite: what the board counts against its size limit and
		// stores stays within twice the document (the rewrite replaces two values per note), not
		// the ~30 times it was with one update per `set`.
		expect(updates).toHaveLength(6);
		const counted = updates.reduce((a, b) => a + b, 0);
		expect(counted).toBeLessThan(2 * Y.encodeStateAsUpdate(doc).byteLength);
	});
});
