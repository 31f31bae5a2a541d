import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { checkUpdate, MAX_TYPE_DEPTH } from '../../server/yjs/note-guard.ts';

const check = (doc: Y.Doc, update: Uint8Array) =>
	checkUpdate(doc, { bytes: update.byteLength, ...Y.decodeUpdate(update) });

/** Every update a client doc emits, checked and applied in turn against a server doc. */
function replay(client: Y.Doc, edit: (doc: Y.Doc) => void, server = new Y.Doc()) {
	const updates: Uint8Array[] = [];
	const collect = (u: Uint8Array) => updates.push(u);
	client.on('update', collect);
	edit(client);
	client.off('update', collect);
	const refusals = updates.map((u) => {
		const refusal = check(server, u);
		if (!refusal) Y.applyUpdate(server, u);
		return refusal;
	});
	return { server, refusals };
}

describe('checkUpdate on what honest clients send', () => {
	it('passes creating, editing, recolouring and deleting notes, one update at a time', () => {
		const client = new Y.Doc();
		const { refusals, server } = replay(client, (doc) => {
			const notes = doc.getMap<Y.Map<unknown>>('notes');
			doc.transact(() => {
				const note = new Y.Map<unknown>();
				note.set('text', new Y.Text('Pair hires'));
				notes.set('a', note);
			});
			const note = notes.get('a')!;
			(note.get('text') as Y.Text).insert(10, ' across teams');
			note.set('color', 'pink');
			note.set('color', 'blue');
			(note.get('text') as Y.Text).delete(0, 5);
			notes.delete('a');
		});
		expect(refusals).toEqual(refusals.map(() => null));
		expect(server.getMap('notes').size).toBe(0);
	});

	it('passes a full sync of a board, deletes included, into an empty server doc', () => {
		const client = new Y.Doc();
		const notes = client.getMap<Y.Map<unknown>>('notes');
		for (let i = 0; i < 50; i++) {
			const note = new Y.Map<unknown>();
			note.set('text', new Y.Text(`note ${i}`));
			notes.set(`n${i}`, note);
		}
		for (let i = 0; i < 50; i += 2) notes.delete(`n${i}`);
		expect(check(new Y.Doc(), Y.encodeStateAsUpdate(client))).toBeNull();
	});
});

describe('checkUpdate on pathological updates', () => {
	it('refuses types nested deeper than the limit, also when built up one update at a time', () => {
		const client = new Y.Doc();
		const { refusals } = replay(client, (doc) => {
			let map = doc.getMap<unknown>('notes');
			for (let i = 0; i < MAX_TYPE_DEPTH + 4; i++) {
				const inner = new Y.Map<unknown>();
				map.set('k', inner);
				map = inner;
			}
		});
		const firstRefused = refusals.findIndex((r) => r !== null);
		// The root is level 1, so the map at level MAX_TYPE_DEPTH + 1 is the first one refused.
		expect(firstRefused).toBe(MAX_TYPE_DEPTH);
		expect(refusals[firstRefused]).toMatchObject({ code: 'too_costly' });
	});

	it('refuses deleting content neither the board nor the update holds', () => {
		const source = new Y.Doc();
		source.getMap('notes').set('a', 1);
		const withDelete = new Y.Doc();
		Y.applyUpdate(withDelete, Y.encodeStateAsUpdate(source));
		const before = Y.encodeStateVector(withDelete);
		withDelete.getMap('notes').delete('a');
		// Only the delete, sent to a server that never saw the note.
		const deleteOnly = Y.encodeStateAsUpdate(withDelete, before);
		expect(check(new Y.Doc(), deleteOnly)).toMatchObject({ code: 'too_costly' });
		const server = new Y.Doc();
		Y.applyUpdate(server, Y.encodeStateAsUpdate(source));
		expect(check(server, deleteOnly)).toBeNull();
	});
});
