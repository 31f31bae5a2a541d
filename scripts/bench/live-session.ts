// `npm run bench:live`: hundreds of simulated participants in one live session against a real
// server. Measures how long joining takes and how quickly a stage change and a timer command
// reach every participant. Figures go to docs/performance.md.
//
//   PARTICIPANTS=300 ROUNDS=20 npm run bench:live
//   BENCH_DATABASE_URL=postgres://… BENCH_REDIS_URL=redis://… also runs on Postgres + Redis.
//   STORM=1 (with both): the join storm instead (scripts/bench/storm.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { startServer } from '../../tests/helpers/server.ts';
import { command, joinLive, setUpWorkshop } from '../../tests/helpers/workshop.ts';
import type { SessionState } from '../../src/lib/shared/realtime.ts';

const PARTICIPANTS = Number(process.env.PARTICIPANTS ?? 300);
const ROUNDS = Number(process.env.ROUNDS ?? 20);

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function summary(label: string, values: number[]): string {
	const sorted = [...values].sort((a, b) => a - b);
	const f = (n: number) => n.toFixed(1).padStart(7);
	return `${label.padEnd(34)} p50 ${f(percentile(sorted, 50))} ms  p95 ${f(percentile(sorted, 95))} ms  max ${f(sorted.at(-1) ?? NaN)} ms  (n=${sorted.length})`;
}

async function run(label: string, env: Record<string, string>): Promise<void> {
	const server = await startServer(env);
	try {
		const w = await setUpWorkshop(server.url);
		const session = await w.startSession((await w.createChallenge()).id);
		const people = [];
		for (let i = 0; i < PARTICIPANTS; i++) people.push(await w.person(`Participant ${i}`, i % 2));

		const joinTimes: number[] = [];
		const sockets: Socket[] = [];
		const started = Date.now();
		// Join in waves of 25, as people do when a facilitator shares the link.
		for (let i = 0; i < people.length; i += 25) {
			await Promise.all(
				people.slice(i, i + 25).map(async (person) => {
					const t = performance.now();
					const { socket } = await joinLive(server.url, person, session.id);
					joinTimes.push(performance.now() - t);
					sockets.push(socket);
				})
			);
		}
		const joinWall = Date.now() - started;
		const facilitator = await joinLive(server.url, w.facilitator, session.id);

		const fanout: number[] = [];
		const slowest: number[] = [];
		const stages = ['diverge', 'cluster'];
		for (let round = 0; round < ROUNDS; round++) {
			const to = stages[round % 2]!;
			const arrivals = sockets.map(
				(socket) =>
					new Promise<number>((resolve) => {
						const onState = (state: SessionState) => {
							if (state.session.stage !== to) return;
							socket.off('session:state', onState);
							resolve(performance.now());
						};
						socket.on('session:state', onState);
					})
			);
			const sentAt = performance.now();
			const ack = await command(facilitator.socket, 'stage:set', { sessionId: session.id, to });
			if (!ack.ok) throw new Error(ack.error.message);
			const times = (await Promise.all(arrivals)).map((t) => t - sentAt);
			fanout.push(...times);
			slowest.push(Math.max(...times));
			// Stay under the per-connection command limit, as a facilitator clicking would.
			await new Promise((resolve) => setTimeout(resolve, 100));
		}

		console.log(`\n${label}: ${PARTICIPANTS} participants, ${ROUNDS} stage changes`);
		console.log(`all joined in ${joinWall} ms`);
		console.log(summary('join (connect + session:join ack)', joinTimes));
		console.log(summary('stage change → each participant', fanout));
		console.log(summary('stage change → last participant', slowest));
		for (const socket of [...sockets, facilitator.socket]) socket.close();
	} finally {
		await server.stop();
	}
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'ws-bench-'));
try {
	if (process.env.STORM) {
		const { runStorm } = await import('./storm.ts');
		await runStorm();
		process.exit(0);
	}
	await run('embedded (PGlite, in-process presence)', { DATA_DIR: dir });
	if (process.env.BENCH_DATABASE_URL && process.env.BENCH_REDIS_URL) {
		const { servicesBackend } = await import('../../tests/helpers/backends.ts');
		process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
		process.env.REDIS_URL = process.env.BENCH_REDIS_URL;
		const prepared = await servicesBackend()!.prepare();
		try {
			await run('Postgres + Redis', prepared.env);
		} finally {
			await prepared.cleanup();
		}
	}
} finally {
	rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
