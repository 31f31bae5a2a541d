import { describe, expect, it } from 'vitest';
import { embedded } from '../helpers/backends.ts';
import { closeCodeFor, until } from '../helpers/realtime.ts';
import { boardSuite } from '../helpers/board-suite.ts';
import { addNote, openBoard, writableBoard } from '../helpers/board.ts';
import { hostileCorpus } from '../fixtures/hostile-updates.ts';

// The protocol handling is the same on every backend: one is enough.
describe('hostile board updates', () => {
	const suite = boardSuite(embedded);

	it('refuses every case of the corpus with its close code, while another board keeps its round trips', async () => {
		const { server, w, providers } = suite;
		const attacked = await writableBoard(w);
		const other = await writableBoard(w);
		const [mallory, ann, bob, cy] = await Promise.all(
			['Mallory', 'Ann', 'Bob', 'Cy'].map((n, i) => w.person(n, i % 2))
		);
		const writer = await openBoard(server.url, other.boardId, ann!);
		const reader = await openBoard(server.url, other.boardId, bob!);
		const honest = await openBoard(server.url, attacked.boardId, cy!);
		providers.push(writer.provider, reader.provider, honest.provider);

		// Round trips on the other board for as long as the abuse lasts; only their completion counts.
		let abusing = true;
		let roundTrips = 0;
		const traffic = (async () => {
			while (abusing) {
				const id = `rt-${roundTrips}`;
				addNote(writer.doc, id);
				await until(() => reader.doc.getMap('notes').has(id), 30_000, `round trip ${id}`);
				roundTrips++;
			}
		})();

		const url = `${server.url.replace(/^http/, 'ws')}/yjs/${attacked.boardId}`;
		const results: { name: string; close: number }[] = [];
		try {
			for (const c of hostileCorpus())
				results.push({
					name: c.name,
					close: await closeCodeFor(url, mallory!.client.cookieHeader, c.message)
				});
		} finally {
			abusing = false;
			await traffic;
		}
		expect(results).toEqual(hostileCorpus().map((c) => ({ name: c.name, close: c.close })));
		expect(roundTrips).toBeGreaterThan(0);

		// The attacked board is unharmed: its honest user still writes, and nothing hostile landed.
		addNote(honest.doc, 'after');
		const check = await openBoard(server.url, attacked.boardId, ann!);
		providers.push(check.provider);
		await until(() => check.doc.getMap('notes').has('after'), 10_000, 'attacked board still works');
		expect([...check.doc.getMap('notes').keys()]).toEqual(['after']);
		expect(check.doc.share.has('x')).toBe(false);
	}, 120_000);
});
