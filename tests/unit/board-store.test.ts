import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/client.ts';
import { createContext, closeContext, type AppContext } from '../../src/lib/server/context.ts';
import { loadConfig } from '../../src/lib/server/config.ts';
import { appendBoard, compactBoard, loadBoard } from '../../src/lib/server/board/store.ts';
import { BoardHost } from '../../server/yjs/board-host.ts';
import type { RoomSocket } from '../../server/yjs/room.ts';
import { sessionFixture } from '../helpers/db-fixture.ts';

function noteUpdate(doc: Y.Doc, id: string, text: string): Uint8Array {
	let update: Uint8Array | null = null;
	const capture = (u: Uint8Array) => (update = u);
	doc.once('update', capture);
	doc.transact(() => {
		const note = new Y.Map<unknown>();
		note.set('text', new Y.Text(text));
		doc.getMap('notes').set(id, note);
	});
	return update!;
}

const texts = (state: Uint8Array | null): string[] => {
	const doc = new Y.Doc();
	if (state) Y.applyUpdate(doc, state);
	return [...doc.getMap('notes').values()]
		.map((n) => (n as Y.Map<unknown>).get('text')!.toString())
		.sort();
};

describe('board storage', () => {
	let database: Database;
	beforeEach(async () => {
		database = await sessionFixture();
	});
	afterEach(async () => {
		await database.close();
	});

	it('has nothing stored for a board nobody wrote on', async () => {
		expect((await loadBoard(database.db, 'b-live')).state).toBeNull();
	});

	it('loads the merge of every appended row', async () => {
		const doc = new Y.Doc();
		await appendBoard(database.db, 'b-live', [noteUpdate(doc, 'a', 'first')], []);
		await appendBoard(database.db, 'b-live', [noteUpdate(doc, 'b', 'second')], []);
		const stored = await loadBoard(database.db, 'b-live');
		expect(stored.rows).toBe(2);
		expect(texts(stored.state)).toEqual(['first', 'second']);
	});

	it('keeps rows another node stored when compacting with a doc that never saw them', async () => {
		const here = new Y.Doc();
		const elsewhere = new Y.Doc();
		await appendBoard(database.db, 'b-live', [noteUpdate(here, 'a', 'mine')], []);
		await appendBoard(database.db, 'b-live', [noteUpdate(elsewhere, 'b', 'theirs')], []);
		// `here` does not hold "theirs": a snapshot of it alone would lose that note.
		await compactBoard(database.db, 'b-live', here);
		const stored = await loadBoard(database.db, 'b-live');
		expect(stored.rows).toBe(1);
		expect(texts(stored.state)).toEqual(['mine', 'theirs']);
	});

	it('records authorship once per note', async () => {
		const author = { userId: 'u2', teamId: null, createdAt: 1 };
		await appendBoard(database.db, 'b-live', [], [['n1', author]]);
		await appendBoard(database.db, 'b-live', [], [['n1', { ...author, userId: 'u1' }]]);
		expect((await loadBoard(database.db, 'b-live')).authors.get('n1')?.userId).toBe('u2');
	});
});

describe('a board host whose load fails', () => {
	let ctx: AppContext;
	beforeEach(async () => {
		ctx = await createContext(loadConfig({ LOG_LEVEL: 'silent' }), { inMemory: true });
	});
	afterEach(async () => {
		await closeContext(ctx);
	});

	it('closes the connections that waited with 1011 and stores nothing', async () => {
		const closed: number[] = [];
		const socket: RoomSocket = { send: () => {}, close: (code) => closed.push(code) };
		let gone = false;
		const host = new BoardHost(ctx, 'no-such-board', {
			onGone: () => (gone = true),
			notesElsewhere: () => 0,
			reveal: () => {},
			wrote: () => {}
		});
		host.connect(socket, {
			user: { id: 'u', email: 'u@x', name: 'U', role: 'member', teamId: null },
			sessionId: 's'
		});
		host.receive(socket, new Uint8Array([0, 2, 2, 0, 0]));
		await expect.poll(() => gone).toBe(true);
		expect(closed).toEqual([1011]);
		expect((await loadBoard(ctx.db, 'no-such-board')).rows).toBe(0);
	});
});
