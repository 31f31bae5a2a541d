import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { servicesBackendOrWarn } from '../helpers/backends.ts';
import type { TestServer } from '../helpers/server.ts';
import { until } from '../helpers/realtime.ts';
import { workshopOnNodes, type Workshop } from '../helpers/workshop.ts';
import {
	addNote,
	boardsClosedAfterEach,
	converged,
	editStorm,
	lockBoardTables,
	noteIds,
	writableBoard,
	type OpenBoard
} from '../helpers/board.ts';

const services = servicesBackendOrWarn('board-nodes: the multi-node board tests');

const HAPROXY = '/usr/sbin/haproxy';
const HAPROXY_CFG = path.resolve(import.meta.dirname, '../../deploy/haproxy.cfg');

const boards = boardsClosedAfterEach();

describe.runIf(services)('one board across two nodes sharing Postgres and Redis', () => {
	let env: Record<string, string>;
	let nodeA: TestServer;
	let nodeB: TestServer;
	let w: Workshop;
	/** Starts one more node on the suite's store, stopped after the file. */
	let startNode: () => Promise<TestServer>;

	beforeAll(async () => {
		let nodes: TestServer[];
		({ nodes, env, w, start: startNode } = await workshopOnNodes(services!, 2));
		[nodeA, nodeB] = nodes as [TestServer, TestServer];
	});

	const people = (n: number) =>
		Promise.all(Array.from({ length: n }, (_, i) => w.person(`P${i}`, i % 2)));

	it('converges when the editors are split across the nodes', async () => {
		const { boardId } = await writableBoard(w);
		const crowd = await people(6);
		const editors = await Promise.all(
			crowd.map((p, i) => boards.open(i % 2 ? nodeB.url : nodeA.url, boardId, p))
		);
		const storm = editStorm(
			editors.map((b) => b.doc),
			15
		);
		await new Promise((r) => setTimeout(r, 1500));
		storm.stop();
		const docs = editors.map((b) => b.doc);
		await until(() => converged(docs, storm.written), 15_000, 'split editors converged');
		expect(noteIds(docs[0]!)).toHaveLength(storm.written.size);
	});

	it('a node that opens the board late, while its load is slow, misses no update that arrived meanwhile', async () => {
		const { boardId } = await writableBoard(w);
		const [early, late] = await people(2);
		const onA = await boards.open(nodeA.url, boardId, early!);
		addNote(onA.doc, 'before');
		await stored(env.DATABASE_URL!, boardId);
		const storm = editStorm([onA.doc], 10, 'a');
		// Node B's load waits behind this lock while node A keeps relaying edits.
		const lock = await lockBoardTables(env.DATABASE_URL!);
		const onB = await boards.open(nodeB.url, boardId, late!, { wait: false });
		let firstSync: string[] | null = null;
		onB.provider.once('sync', () => (firstSync = noteIds(onB.doc)));
		try {
			await lock.waiting('select%from "board_updates"%');
			const writtenDuringLoad = storm.written.size;
			await new Promise((r) => setTimeout(r, 300));
			expect(storm.written.size).toBeGreaterThan(writtenDuringLoad);
			expect(onB.provider.synced).toBe(false);
		} finally {
			await lock.release();
		}
		await until(() => onB.provider.synced, 15_000, 'late node synced');
		// Served the stored board at once, never a blank that fills in later.
		expect(firstSync).toContain('before');
		storm.stop();
		await until(
			() => converged([onA.doc, onB.doc], [...storm.written, 'before']),
			15_000,
			'late node caught up'
		);
	});

	it('resyncs the nodes after Redis dropped their subscriptions, losing nothing written meanwhile', async () => {
		const { boardId } = await writableBoard(w);
		const [a, b] = await people(2);
		const onA = await boards.open(nodeA.url, boardId, a!);
		const onB = await boards.open(nodeB.url, boardId, b!);
		const redis = new Redis(env.REDIS_URL!);
		const name = `whitespace:${env.REDIS_PREFIX}`;
		// Only this suite's subscribers: the Redis server is shared with other tests.
		const killSubscribers = async () => {
			const list = (await redis.call('client', 'list', 'type', 'pubsub')) as string;
			const ids = list
				.split('\n')
				.filter((line) => line.includes(` name=${name} `))
				.map((line) => /^id=(\d+)/.exec(line)?.[1])
				.filter((id): id is string => Boolean(id));
			for (const id of ids) await redis.call('client', 'kill', 'id', id);
			return ids.length;
		};
		try {
			const storm = editStorm([onA.doc, onB.doc], 10);
			let killed = 0;
			// Redis outage of ~half a second: subscriptions keep being dropped as they come back.
			for (let i = 0; i < 25; i++) {
				killed += await killSubscribers();
				await new Promise((r) => setTimeout(r, 20));
			}
			storm.stop();
			expect(killed).toBeGreaterThanOrEqual(2);
			await until(
				() => converged([onA.doc, onB.doc], storm.written),
				15_000,
				'nodes resynced after the outage'
			);
		} finally {
			redis.disconnect();
		}
	});

	it('loses no acknowledged edit when a node is SIGKILLed during an edit storm behind the production HAProxy config', async () => {
		if (!existsSync(HAPROXY))
			throw new Error(`No HAProxy at ${HAPROXY}: apt-get install haproxy (bash .ci/run does).`);
		const doomed = await startNode();
		const survivor = await startNode();
		const lbPort = await freePort();
		const lb = await startHaproxy(lbPort, [doomed.port, survivor.port]);
		const lbUrl = `http://127.0.0.1:${lbPort}`;
		try {
			const { boardId } = await writableBoard(w);
			const crowd = await people(7);
			const behindLb: OpenBoard[] = [];
			// One at a time, so round robin puts every other one on the doomed node.
			for (const p of crowd.slice(0, 6)) behindLb.push(await boards.open(lbUrl, boardId, p));
			// A client straight on the survivor: what it saw, another node acknowledged.
			const observer = await boards.open(survivor.url, boardId, crowd[6]!);
			const storm = editStorm(
				behindLb.map((b) => b.doc),
				15
			);
			await new Promise((r) => setTimeout(r, 1000));
			expect(await doomed.stop('SIGKILL')).toBeNull();
			const acknowledged = noteIds(observer.doc);
			await new Promise((r) => setTimeout(r, 1000));
			storm.stop();
			const reconnected = behindLb.filter((b) => b.closes() > 0);
			expect(reconnected.length).toBeGreaterThanOrEqual(3);
			const docs = [observer.doc, ...behindLb.map((b) => b.doc)];
			await until(
				() => behindLb.every((b) => b.provider.synced) && converged(docs, storm.written),
				20_000,
				'every client back and converged'
			);
			expect(acknowledged.every((id) => observer.doc.getMap('notes').has(id))).toBe(true);

			// And it is all stored: a graceful stop flushes, a fresh node loads it back.
			boards.closeAll();
			expect(await survivor.stop()).toBe(0);
			const fresh = await startNode();
			const reader = await boards.open(fresh.url, boardId, crowd[0]!);
			expect(noteIds(reader.doc)).toEqual([...storm.written].sort());
		} finally {
			lb.kill('SIGTERM');
		}
	}, 90_000);
});

/** Resolves once the board has a stored row (its first save is done). */
async function stored(databaseUrl: string, boardId: string): Promise<void> {
	const client = new pg.Client({ connectionString: databaseUrl });
	await client.connect();
	try {
		for (let i = 0; i < 500; i++) {
			const { rows } = await client.query('select 1 from board_updates where board_id = $1', [
				boardId
			]);
			if (rows.length) return;
			await new Promise((r) => setTimeout(r, 20));
		}
		throw new Error('the board was never saved');
	} finally {
		await client.end();
	}
}

async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const port = (server.address() as net.AddressInfo).port;
	await new Promise((r) => server.close(r));
	return port;
}

/** The production config from deploy/, with this test's ports in its environment slots. */
async function startHaproxy(port: number, nodes: number[]): Promise<ChildProcess> {
	const child = spawn(HAPROXY, ['-db', '-f', HAPROXY_CFG], {
		env: {
			...process.env,
			WS_BIND: `127.0.0.1:${port}`,
			WS_NODE1: `127.0.0.1:${nodes[0]}`,
			WS_NODE2: `127.0.0.1:${nodes[1]}`
		},
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let stderr = '';
	child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
	for (let i = 0; i < 250; i++) {
		if (child.exitCode !== null) throw new Error(`haproxy exited: ${stderr}`);
		const up = await fetch(`http://127.0.0.1:${port}/healthz`)
			.then((r) => r.ok)
			.catch(() => false);
		if (up) return child;
		await new Promise((r) => setTimeout(r, 20));
	}
	child.kill();
	throw new Error(`haproxy did not answer: ${stderr}`);
}
