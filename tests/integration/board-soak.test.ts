import type { WebsocketProvider } from 'y-websocket';
import { beforeAll, describe, expect, it } from 'vitest';
import { embedded } from '../helpers/backends.ts';
import { serveFresh, type TestServer } from '../helpers/server.ts';
import { until } from '../helpers/realtime.ts';
import { setUpWorkshop, type Person, type Workshop } from '../helpers/workshop.ts';
import { addNote, openBoard, writableBoard } from '../helpers/board.ts';
import { inspect } from '../helpers/inspector.ts';

const BOARDS = 200;
const ROUNDS = 5;
/** Every board is opened, edited and closed this many times per round. */
const VISITS_PER_ROUND = 2;
const PARALLEL = 16;
const MiB = 1024 * 1024;

describe('board memory over thousands of open/edit/close cycles', () => {
	let server: TestServer;
	let w: Workshop;
	let people: Person[];
	let boards: { sessionId: string; boardId: string }[];

	beforeAll(async () => {
		server = await serveFresh(embedded, {
			BOARD_UNLOAD_IDLE_MS: '50',
			LOG_LEVEL: 'debug',
			NODE_OPTIONS: '--inspect=127.0.0.1:0'
		});
		w = await setUpWorkshop(server.url);
		people = await Promise.all(Array.from({ length: 8 }, (_, i) => w.person(`Soak ${i}`, i % 2)));
		boards = [];
		for (let i = 0; i < BOARDS; i += 10)
			boards.push(...(await Promise.all(Array.from({ length: 10 }, () => writableBoard(w)))));
	}, 180_000);

	const count = (msg: string) => server.output().split(`"msg":"${msg}"`).length - 1;

	/** One visit: open, write a note, wait until it is on the wire, close. */
	const visit = async (boardId: string, note: string, person: Person) => {
		const board = await openBoard(server.url, boardId, person);
		addNote(board.doc, note);
		const provider: WebsocketProvider = board.provider;
		await until(() => (provider.ws?.bufferedAmount ?? 0) === 0, 5000, 'edit sent');
		provider.destroy();
	};

	it('leaves no board in memory and the heap flat', async () => {
		const heap = await inspect(server);
		const heaps: number[] = [];
		let cycles = 0;
		try {
			for (let round = 0; round < ROUNDS; round++) {
				const work = boards.flatMap((b, i) =>
					Array.from(
						{ length: VISITS_PER_ROUND },
						(_, v) => () => visit(b.boardId, `r${round}-v${v}`, people[(i + v) % people.length]!)
					)
				);
				const workers = Array.from({ length: PARALLEL }, async () => {
					for (let job = work.shift(); job; job = work.shift()) {
						await job();
						cycles++;
					}
				});
				await Promise.all(workers);
				// Every board that was loaded has been unloaded again.
				await until(
					() => count('board unloaded') === count('board loaded'),
					30_000,
					'boards unloaded'
				);
				heaps.push(await heap.heapAfterGc());
			}
		} finally {
			heap.close();
		}
		const mib = heaps.map((h) => (h / MiB).toFixed(1));
		console.log(
			`soak: ${cycles} cycles over ${BOARDS} boards, ${count('board loaded')} loads; heap after GC per round: ${mib.join(', ')} MiB`
		);
		expect(cycles).toBe(BOARDS * VISITS_PER_ROUND * ROUNDS);
		expect(count('board loaded')).toBeGreaterThanOrEqual(BOARDS * ROUNDS);
		// No steady growth: once the first round warmed the caches, the rounds cost no more heap
		// (a board kept per load would add several MiB per round here).
		expect(heaps.at(-1)! - heaps[1]!).toBeLessThan(4 * MiB);

		// And nothing written during the churn was lost.
		for (const b of boards.slice(0, 20)) {
			const res = await w.facilitator.client.get(`/api/v1/sessions/${b.sessionId}/board`);
			const board = (await res.json()) as { notes: unknown[] };
			expect(board.notes).toHaveLength(VISITS_PER_ROUND * ROUNDS);
		}
	}, 240_000);
});
