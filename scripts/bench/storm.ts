// `STORM=1 npm run bench:live`: everyone clicks the link at once. N sockets (N = 200, 500, 1000
// by default) split over two nodes on Postgres + Redis all send `session:join` within 2 s; prints
// ack p50/p95, how long after the last join every view is complete, presence messages and KB per
// client, the nodes' CPU-seconds and RSS. Needs BENCH_DATABASE_URL and BENCH_REDIS_URL.
//
//   STORM=1 STORM_SIZES="200 500 1000" BENCH_DATABASE_URL=postgres://… BENCH_REDIS_URL=redis://… npm run bench:live
//
// The driver is this one process; at 1,000 clients it is itself busy, so its figures are upper
// bounds. ../shared/yload's driver (workers, the reference beside it) is the one to compare with.
import { readFileSync } from 'node:fs';
import type { Socket } from 'socket.io-client';
import { startServer, type TestServer } from '../../tests/helpers/server.ts';
import { command, connect, setUpWorkshop, type Person } from '../../tests/helpers/workshop.ts';
import { applyDelta, viewFromSnapshot, type PresenceView } from '../../src/lib/shared/presence.ts';
import type { JoinedSession, PresenceDelta } from '../../src/lib/shared/realtime.ts';

const SIZES = (process.env.STORM_SIZES ?? '200 500 1000').split(/\s+/).map(Number);
const SPREAD_MS = 2000;
/** Signing up is slow (argon2id): each person opens this many tabs, all on one node. */
const TABS_PER_PERSON = 5;

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** utime + stime of a process, in seconds, and its resident memory in MB. */
function usage(server: TestServer): { cpu: number; rssMb: number } {
	const pid = server.process.pid!;
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '0';
	return { cpu: (Number(stat[11]) + Number(stat[12])) / 100, rssMb: Number(rss) / 1024 };
}

interface Client {
	socket: Socket;
	view: PresenceView | null;
	buffer: PresenceDelta[];
	messages: number;
	bytes: number;
}

async function storm(
	nodes: TestServer[],
	w: Awaited<ReturnType<typeof setUpWorkshop>>,
	people: Person[],
	n: number
) {
	const session = await w.startSession((await w.createChallenge()).id);
	const slots = Array.from({ length: n }, (_, i) => {
		const p = Math.floor(i / TABS_PER_PERSON);
		return { person: people[p]!, node: nodes[p % nodes.length]! };
	});
	const clients: Client[] = await Promise.all(
		slots.map(async ({ person, node }) => {
			const client: Client = {
				socket: await connect(node.url, person),
				view: null,
				buffer: [],
				messages: 0,
				bytes: 0
			};
			client.socket.on('presence:delta', (delta: PresenceDelta) => {
				client.messages++;
				client.bytes += JSON.stringify(delta).length;
				if (client.view) applyDelta(client.view, delta);
				else client.buffer.push(delta);
			});
			return client;
		})
	);
	const before = nodes.map(usage);
	const acks: number[] = [];
	let failures = 0;
	let lastJoinAt = 0;
	const started = performance.now();
	await Promise.all(
		clients.map(async (client, i) => {
			await new Promise((resolve) => setTimeout(resolve, (SPREAD_MS * i) / n));
			const sent = performance.now();
			lastJoinAt = Math.max(lastJoinAt, sent);
			const ack = await command<JoinedSession>(client.socket, 'session:join', {
				sessionId: session.id
			});
			acks.push(performance.now() - sent);
			client.messages++;
			client.bytes += JSON.stringify(ack).length;
			if (!ack.ok) return void failures++;
			client.view = viewFromSnapshot(ack.connections, ack.presenceSeq);
			for (const delta of client.buffer) applyDelta(client.view, delta);
		})
	);
	const ids = new Set(clients.map((c) => c.socket.id));
	await new Promise<void>((resolve) => {
		const check = () => {
			const done = clients.every(
				(c) =>
					c.view &&
					c.view.connections.size === ids.size &&
					[...ids].every((id) => c.view!.connections.has(id!))
			);
			if (done || performance.now() - started > 60_000) resolve();
			else setTimeout(check, 5);
		};
		check();
	});
	const complete = performance.now() - lastJoinAt;
	await new Promise((resolve) => setTimeout(resolve, 500));
	const after = nodes.map(usage);
	const cpu = after.reduce((s, u, i) => s + u.cpu - before[i]!.cpu, 0);
	const msgs = clients.reduce((s, c) => s + c.messages, 0) / n;
	const kb = clients.reduce((s, c) => s + c.bytes, 0) / n / 1024;
	console.log(
		`N=${String(n).padStart(4)}  ack p50 ${percentile(acks, 50).toFixed(0).padStart(5)} ms  p95 ${percentile(acks, 95).toFixed(0).padStart(5)} ms  ` +
			`failures ${failures}  all views complete ${complete.toFixed(0)} ms after the last join  ` +
			`msgs/client ${msgs.toFixed(1)}  KB/client ${kb.toFixed(1)}  server CPU ${cpu.toFixed(2)} s  ` +
			`RSS ${after.map((u) => u.rssMb.toFixed(0)).join(' + ')} MB`
	);
	for (const c of clients) c.socket.close();
	await new Promise((resolve) => setTimeout(resolve, 1000));
}

export async function runStorm(): Promise<void> {
	if (!process.env.BENCH_DATABASE_URL || !process.env.BENCH_REDIS_URL)
		throw new Error('The storm runs on two nodes: set BENCH_DATABASE_URL and BENCH_REDIS_URL.');
	const { servicesBackend } = await import('../../tests/helpers/backends.ts');
	process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
	process.env.REDIS_URL = process.env.BENCH_REDIS_URL;
	const prepared = await servicesBackend()!.prepare();
	const nodes = [await startServer(prepared.env), await startServer(prepared.env)];
	try {
		const w = await setUpWorkshop(nodes[0]!.url);
		const people: Person[] = [];
		const needed = Math.ceil(Math.max(...SIZES) / TABS_PER_PERSON);
		for (let i = 0; i < needed; i += 10) {
			people.push(
				...(await Promise.all(
					Array.from({ length: Math.min(10, needed - i) }, (_, j) =>
						w.person(`Storm ${i + j}`, (i + j) % 2)
					)
				))
			);
		}
		console.log(
			`\nJoin storm: two nodes on Postgres + Redis, joins spread over ${SPREAD_MS} ms, ${TABS_PER_PERSON} tabs per person`
		);
		for (const n of SIZES) await storm(nodes, w, people, n);
	} finally {
		for (const node of nodes) await node.stop();
		await prepared.cleanup();
	}
}
