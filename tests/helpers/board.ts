import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import pg from 'pg';
import { afterEach } from 'vitest';
import { noteMap } from './board-maps.ts';
import { until, yjsProvider } from './realtime.ts';
import type { Person, Workshop } from './workshop.ts';

export interface OpenBoard {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** How many times the connection closed under it. */
	closes(): number;
}

/** A real y-websocket provider on `url`, resolved once it synced (unless `wait` is false). */
export async function openBoard(
	url: string,
	boardId: string,
	person: Person,
	{ wait = true, doc = new Y.Doc() }: { wait?: boolean; doc?: Y.Doc } = {}
): Promise<OpenBoard> {
	const provider = yjsProvider(url, boardId, doc, person.client.cookieHeader);
	let closes = 0;
	provider.on('connection-close', () => closes++);
	if (wait) await until(() => provider.synced, 15_000, 'board synced');
	return { doc, provider, closes: () => closes };
}

/**
 * Opens boards as `openBoard` does and destroys their providers after each test of the suite it
 * is called in (or earlier, with `closeAll`).
 */
export function boardsClosedAfterEach() {
	const providers: WebsocketProvider[] = [];
	const closeAll = () => providers.splice(0).forEach((p) => p.destroy());
	afterEach(closeAll);
	return {
		async open(...args: Parameters<typeof openBoard>): Promise<OpenBoard> {
			const board = await openBoard(...args);
			providers.push(board.provider);
			return board;
		},
		closeAll
	};
}

/**
 * Adds a note the way the canvas does, claiming whatever author and team `claimed` names (none
 * by default): the server stamps its own.
 */
export function addNote(
	doc: Y.Doc,
	id: string,
	text = id,
	claimed: { authorId?: string | null; teamId?: string | null } = {}
): void {
	const note = noteMap(text, {
		x: 10,
		y: 20,
		color: 'yellow',
		authorId: null,
		teamId: null,
		clusterId: null,
		createdAt: Date.now(),
		...claimed
	});
	doc.transact(() => doc.getMap('notes').set(id, note));
}

export const noteIds = (doc: Y.Doc): string[] => [...doc.getMap('notes').keys()].sort();

/** Every id in `expected` is in each doc, and the docs hold the same notes. */
export function converged(docs: Y.Doc[], expected: Iterable<string>): boolean {
	const first = noteIds(docs[0]!).join();
	return (
		[...expected].every((id) => docs[0]!.getMap('notes').has(id)) &&
		docs.every((d) => noteIds(d).join() === first)
	);
}

/** A session in `diverge`, so its board takes writes. */
export async function writableBoard(w: Workshop): Promise<{ sessionId: string; boardId: string }> {
	const s = await w.startSession((await w.createChallenge()).id);
	await w.toStage(s.id, 'diverge');
	return { sessionId: s.id, boardId: s.boardId };
}

/**
 * Each editor adds a note every `everyMs` until stopped; returns the ids written so far.
 * Ids are `<prefix><editor>-<n>`.
 */
export function editStorm(editors: Y.Doc[], everyMs: number, prefix = '') {
	const written = new Set<string>();
	let n = 0;
	const timer = setInterval(() => {
		n++;
		editors.forEach((doc, i) => {
			const id = `${prefix}${i}-${n}`;
			addNote(doc, id);
			written.add(id);
		});
	}, everyMs);
	return { written, stop: () => clearInterval(timer) };
}

/**
 * Holds an exclusive lock on the board tables of the database at `databaseUrl`: a board load
 * (or save) on any node waits until `release`. `waiting` resolves once a query is blocked by it.
 */
export async function lockBoardTables(databaseUrl: string) {
	const client = new pg.Client({ connectionString: databaseUrl });
	await client.connect();
	await client.query('begin');
	await client.query('lock table board_updates in access exclusive mode');
	// Its own connection: inside a transaction pg_stat_activity is a snapshot that never changes.
	const watcher = new pg.Client({ connectionString: databaseUrl });
	await watcher.connect();
	const blocked = async (like: string) => {
		const { rows } = await watcher.query<{ n: number }>(
			`select count(*)::int as n from pg_stat_activity
			 where wait_event_type = 'Lock' and datname = current_database() and query ilike $1`,
			[like]
		);
		return rows[0]!.n;
	};
	return {
		/** Resolves once a query matching `like` (an ILIKE pattern) waits for the lock. */
		async waiting(like: string): Promise<void> {
			for (let i = 0; i < 750; i++) {
				if ((await blocked(like)) > 0) return;
				await new Promise((r) => setTimeout(r, 20));
			}
			const { rows } = await watcher.query<{ state: string; wait: string; query: string }>(
				`select state, wait_event_type as wait, query from pg_stat_activity
				 where datname = current_database() and pid <> pg_backend_pid()`
			);
			throw new Error(`no query like ${like} waited for the lock: ${JSON.stringify(rows)}`);
		},
		async release(): Promise<void> {
			await client.query('rollback');
			await client.end();
			await watcher.end();
		}
	};
}
