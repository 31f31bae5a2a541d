// `npm run bench:memory`: the resident memory (RSS) of one idle node per backend, right after a
// first start and after a restart on the same data. Figures go to docs/performance.md.
//
//   DATABASE_URL=postgres://… REDIS_URL=redis://… npm run bench:memory   (adds Postgres + Redis)
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { backends } from '../../tests/helpers/backends.ts';
import { startServer } from '../../tests/helpers/server.ts';

/** Long enough for start-up garbage to be collected and timers to have run once. */
const SETTLE_MS = Number(process.env.SETTLE_MS ?? 5000);

function rssMiB(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
	return kib / 1024;
}

async function idleRss(env: Record<string, string>): Promise<number> {
	const server = await startServer(env);
	try {
		await fetch(`${server.url}/readyz`);
		await sleep(SETTLE_MS);
		return rssMiB(server.process.pid!);
	} finally {
		await server.stop();
	}
}

for (const backend of backends()) {
	const { env, cleanup } = await backend.prepare();
	try {
		const first = await idleRss(env);
		const restart = await idleRss(env);
		console.log(
			`${backend.name.padEnd(16)} idle RSS: first start ${first.toFixed(0)} MB, restart ${restart.toFixed(0)} MB`
		);
	} finally {
		await cleanup();
	}
}
