import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { servicesBackendOrWarn } from '../helpers/backends.ts';
import { serveNodes, type TestServer } from '../helpers/server.ts';
import { until } from '../helpers/realtime.ts';
import { setUpWorkshop, type Workshop } from '../helpers/workshop.ts';
import {
	addNote,
	boardsClosedAfterEach,
	lockBoardTables,
	noteIds,
	writableBoard,
	type OpenBoard
} from '../helpers/board.ts';

// The races need a database another connection can hold a lock on: Postgres.
const services = servicesBackendOrWarn('board-races: the load/save race tests');

const LOAD = 'select%from "board_updates"%';
const SAVE = 'insert into "board_updates"%';

describe.runIf(services)('board load and save races', () => {
	let env: Record<string, string>;
	let w: Workshop;
	let server: TestServer;
	/** Starts a node on the suite's store (with `extra` in its env), stopped after the file. */
	let start: (extra?: Record<string, string>) => Promise<TestServer>;
	const boards = boardsClosedAfterEach();
	/** Stored bytes and rows of a board, straight from Postgres. */
	const stored = async (boardId: string) => {
		const client = new pg.Client({ connectionString: env.DATABASE_URL });
		await client.connect();
		try {
			const { rows } = await client.query<{ rows: number; bytes: number }>(
				`select count(*)::int as rows, coalesce(sum(length("update")), 0)::int as bytes
				 from board_updates where board_id = $1`,
				[boardId]
			);
			return rows[0]!;
		} finally {
			await client.end();
		}
	};
	/** Resolves once `server` has logged that it unloaded the board. */
	const unloaded = (boardId: string) =>
		until(
			() => server.output().includes(`"boardId":"${boardId}","msg":"board unloaded"`),
			15_000,
			'board unloaded'
		);
	/** A board with one stored note, not loaded on `server` (written through another node). */
	const storedBoard = async (note: string) => {
		const board = await writableBoard(w);
		const writerNode = await start();
		const writer = await boards.open(writerNode.url, board.boardId, await w.person('Wes', 0));
		addNote(writer.doc, note);
		await until(() => writer.doc.getMap('notes').has(note), 5000, 'note written');
		writer.provider.destroy();
		expect(await writerNode.stop()).toBe(0); // a graceful stop flushes
		expect((await stored(board.boardId)).rows).toBeGreaterThan(0);
		return board;
	};

	beforeAll(async () => {
		({ env, start } = await serveNodes(services!, 0, { LOG_LEVEL: 'debug' }));
		server = await start({ BOARD_UNLOAD_IDLE_MS: '200', BOARD_LOAD_TIMEOUT_MS: '400' });
		w = await setUpWorkshop(server.url);
	});

	it('serves nobody the board before its load finished, and keeps what they wrote meanwhile', async () => {
		const { boardId } = await storedBoard('stored');
		const lock = await lockBoardTables(env.DATABASE_URL!);
		let early: OpenBoard;
		let firstSync: string[] | null = null;
		try {
			early = await boards.open(server.url, boardId, await w.person('Eve', 1), { wait: false });
			early.provider.once('sync', () => (firstSync = noteIds(early.doc)));
			await lock.waiting(LOAD);
			addNote(early.doc, 'written-while-loading');
			// Whatever the server does while the load waits, it must not answer the sync yet.
			await new Promise((r) => setTimeout(r, 200));
			expect(early.provider.synced).toBe(false);
		} finally {
			await lock.release();
		}
		await until(() => early!.provider.synced, 10_000, 'synced after the load');
		expect(firstSync).toEqual(['stored', 'written-while-loading']);
		const reader = await boards.open(server.url, boardId, await w.person('Rex', 0));
		await until(() => noteIds(reader.doc).length === 2, 5000, 'both notes on the board');
	});

	it('keeps a board whose final save is still in flight when someone opens it again (Hocuspocus #995)', async () => {
		const { boardId } = await writableBoard(w);
		const first = await boards.open(server.url, boardId, await w.person('Fia', 0));
		const lock = await lockBoardTables(env.DATABASE_URL!);
		let second: OpenBoard;
		try {
			addNote(first.doc, 'before-unload');
			await until(() => first.doc.getMap('notes').has('before-unload'), 5000, 'note written');
			await new Promise((r) => setTimeout(r, 50));
			first.provider.destroy();
			// The unload's save now waits behind the lock.
			await lock.waiting(SAVE);
			second = await boards.open(server.url, boardId, await w.person('Gil', 1));
			expect(noteIds(second.doc)).toEqual(['before-unload']);
			addNote(second.doc, 'during-save');
			await new Promise((r) => setTimeout(r, 100));
		} finally {
			await lock.release();
		}
		second!.provider.destroy();
		await unloaded(boardId);
		const again = await boards.open(server.url, boardId, await w.person('Hed', 0));
		expect(noteIds(again.doc)).toEqual(['before-unload', 'during-save']);
	});

	it('never saves an empty board over the stored one after a load timed out (y-websocket #382)', async () => {
		const { boardId } = await storedBoard('precious');
		const before = await stored(boardId);
		const lock = await lockBoardTables(env.DATABASE_URL!);
		const codes: number[] = [];
		let client: OpenBoard;
		try {
			client = await boards.open(server.url, boardId, await w.person('Ida', 1), { wait: false });
			client.provider.on('connection-close', (event) => codes.push(event?.code ?? 0));
			// The load times out (400 ms here); the client keeps retrying and writes offline.
			await until(() => codes.includes(1011), 10_000, 'load failure reported');
			addNote(client.doc, 'offline');
			expect(client.provider.synced).toBe(false);
		} finally {
			await lock.release();
		}
		await until(() => client!.provider.synced, 15_000, 'synced once the database answers');
		await until(() => noteIds(client!.doc).join() === 'offline,precious', 5000, 'both notes');
		const after = await stored(boardId);
		expect(after.bytes).toBeGreaterThanOrEqual(before.bytes);
		client!.provider.destroy();
		await unloaded(boardId);
		const reader = await boards.open(server.url, boardId, await w.person('Jo', 0));
		expect(noteIds(reader.doc)).toEqual(['offline', 'precious']);
	});
});
