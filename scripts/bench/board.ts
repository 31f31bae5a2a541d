// `npm run bench:board`: N simulated participants on one board (real y-websocket clients driven by
// ../shared/yload; 10 % editing every 500 ms) against one node and two nodes sharing Redis, with
// auth and Postgres persistence on. yload prints fan-out p50/p95/p99, delivered updates/s, missing
// edits, convergence and server CPU/RSS; then a late joiner's load time on a 2,000-note board
// through either node. Figures go to docs/performance.md.
//
//   BENCH_DATABASE_URL=postgres://… BENCH_REDIS_URL=redis://… NS=200,500 npm run bench:board
//   YLOAD=/path/to/yload.mjs (default ../shared/yload/yload.mjs, `npm install` there first)
//   RECEIVERS=light for N where full receivers saturate the generator; DURATION=20 (s)
//   NODES=1 or NODES=2 runs only that configuration; NS= (empty) only the late join, LATE_JOIN=0
//   only the N runs; SERVER_NODE_OPTIONS becomes the servers' NODE_OPTIONS (V8 flag experiments)
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type TestServer } from '../../tests/helpers/server.ts';
import { setUpWorkshop, type Workshop } from '../../tests/helpers/workshop.ts';
import { writableBoard } from '../../tests/helpers/board.ts';
import { servicesBackend } from '../../tests/helpers/backends.ts';

const NS = (process.env.NS ?? '200,500').split(',').filter(Boolean).map(Number);
/** LATE_JOIN=0 skips the late joiner's run. */
const LATE_JOIN = process.env.LATE_JOIN !== '0';
const DURATION = process.env.DURATION ?? '20';
const RECEIVERS = process.env.RECEIVERS ?? 'full';
const YLOAD = process.env.YLOAD ?? path.resolve('../shared/yload/yload.mjs');
/** Participants are connections; this many distinct signed-in people share them. */
const PEOPLE = Number(process.env.PEOPLE ?? 50);
const OUT =
	process.env.JSON_OUT ??
	path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-board-')), 'board.jsonl');

const databaseUrl = process.env.BENCH_DATABASE_URL;
const redisUrl = process.env.BENCH_REDIS_URL;
if (!databaseUrl || !redisUrl) {
	console.error('bench:board needs BENCH_DATABASE_URL and BENCH_REDIS_URL (Postgres and Redis).');
	process.exit(1);
}
process.env.DATABASE_URL = databaseUrl;
process.env.REDIS_URL = redisUrl;

function yload(args: string[]): Promise<number | null> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [YLOAD, ...args, '--json-out', OUT], {
			stdio: 'inherit'
		});
		child.once('exit', resolve);
	});
}

async function cookies(w: Workshop, dir: string): Promise<string> {
	const people = await Promise.all(
		Array.from({ length: PEOPLE }, (_, i) => w.person(`Bench ${i}`, i % 2))
	);
	const file = path.join(dir, 'headers.json');
	writeFileSync(file, JSON.stringify(people.map((p) => ({ Cookie: p.client.cookieHeader }))));
	return file;
}

async function run(label: string, nodes: number): Promise<void> {
	const { env, cleanup } = await servicesBackend()!.prepare();
	const flags = process.env.SERVER_NODE_OPTIONS;
	const nodeEnv = {
		...env,
		...(nodes === 1 ? { REDIS_URL: '', REDIS_PREFIX: '' } : {}),
		...(flags ? { NODE_OPTIONS: flags } : {})
	};
	const servers: TestServer[] = [];
	try {
		for (let i = 0; i < nodes; i++) servers.push(await startServer(nodeEnv));
		const w = await setUpWorkshop(servers[0]!.url);
		const headers = await cookies(w, path.dirname(OUT));
		const urls = servers.flatMap((s) => ['--url', `${s.url.replace(/^http/, 'ws')}/yjs`]);
		const pids = servers.flatMap((s) => ['--pid', String(s.process.pid)]);
		for (const n of NS) {
			const { boardId } = await writableBoard(w);
			console.log(`\n== ${label}: N = ${n} (${RECEIVERS} receivers)`);
			await yload([
				...urls,
				...pids,
				'--exact-room',
				'--room',
				boardId,
				'--headers-file',
				headers,
				'-n',
				String(n),
				'-d',
				DURATION,
				'--receivers',
				RECEIVERS,
				'--label',
				`whitespace ${label} N=${n}`
			]);
			// Connections the server dropped for not reading explain missing edits and disconnects.
			const drops = servers.map((s) => s.output().split('slow board client dropped').length - 1);
			console.log(`slow clients dropped by the server(s): ${drops.join(' + ')}`);
		}
		if (!LATE_JOIN) return;
		const { boardId } = await writableBoard(w);
		console.log(`\n== ${label}: late join on a 2,000-note board`);
		await yload([
			...urls,
			...pids,
			'--workload',
			'late-join',
			'--notes',
			'2000',
			'--joins',
			'5',
			'--exact-room',
			'--room',
			boardId,
			'--headers-file',
			headers,
			'--label',
			`whitespace ${label} late-join`
		]);
	} finally {
		for (const s of servers) await s.stop();
		await cleanup();
	}
}

const only = process.env.NODES;
if (only !== '2') await run('one node', 1);
if (only !== '1') await run('two nodes + Redis', 2);
console.log(`\nJSON lines: ${OUT}`);
