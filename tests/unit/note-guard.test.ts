import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { checkUpdate, MAX_NOTES } from '../../server/yjs/note-guard.ts';
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
