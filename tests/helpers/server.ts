import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The compiled server `npm start` runs (`scripts/build-server.js`; `npm test` builds it). */
const SERVER_ENTRY = 'build/node/index.js';
/** The V8 flags of `npm start` and `npm run serve` (package.json): tests and benches run the production node. */
const SERVER_FLAGS = ['--max-semi-space-size=1'];

export interface TestServer {
	url: string;
	port: number;
	process: ChildProcess;
	/** Everything the process printed so far. */
	output(): string;
	/** Sends a signal and waits for the exit code. */
	stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the real production server (`server/index.ts` + the built app) on a free port. */
export async function startServer(env: Record<string, string>): Promise<TestServer> {
	const child = spawn(process.execPath, [...SERVER_FLAGS, SERVER_ENTRY], {
		cwd: root,
		env: { ...baseEnv(), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const exited = new Promise<number | null>((resolve) =>
		child.once('exit', (code) => resolve(code))
	);
	const port = await new Promise<number>((resolve, reject) => {
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			const match = /"port":(\d+)[^\n]*"msg":"listening"/.exec(output);
			if (match) resolve(Number(match[1]));
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
		void exited.then((code) =>
			reject(new Error(`server exited with ${code} before listening:\n${output}`))
		);
	});
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		process: child,
		output: () => output,
		async stop(signal = 'SIGTERM') {
			if (child.exitCode === null && child.signalCode === null) child.kill(signal);
			return exited;
		}
	};
}

/** Runs the server entry to completion (for start-up refusals). */
export function runServerToExit(
	env: Record<string, string>
): Promise<{ code: number | null; output: string }> {
	const child = spawn(process.execPath, [...SERVER_FLAGS, SERVER_ENTRY], {
		cwd: root,
		env: { ...baseEnv(), PORT: '0', HOST: '127.0.0.1', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
	child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
	return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

/** The parent's environment without the backend switches: each test picks its own. */
function baseEnv(): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (
			value !== undefined &&
			!['DATABASE_URL', 'REDIS_URL', 'REDIS_PREFIX', 'DATA_DIR', 'ORIGIN', 'VITEST'].includes(key)
		) {
			env[key] = value;
		}
	}
	return env;
}

type Backend = { prepare(): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> };

const started: { servers: TestServer[]; cleanup: () => Promise<void> }[] = [];

/**
 * A server on a fresh store of the given backend. Everything started this way in a test file is
 * stopped and cleaned up after the file (`tests/setup.ts`).
 */
export async function serveFresh(
	backend: Backend,
	extraEnv: Record<string, string> = {}
): Promise<TestServer> {
	const { nodes } = await serveNodes(backend, 1, extraEnv);
	return nodes[0]!;
}

/**
 * `count` nodes sharing one fresh store, as a deployment behind a load balancer; `start` starts
 * more of them. Stopped and cleaned up after the file, like `serveFresh`.
 */
export async function serveNodes(
	backend: Backend,
	count: number,
	extraEnv: Record<string, string> = {}
): Promise<{
	nodes: TestServer[];
	env: Record<string, string>;
	/** One more node on the store, with `env` under `extra`; stopped with the others. */
	start(extra?: Record<string, string>): Promise<TestServer>;
	stop(): Promise<void>;
}> {
	const prepared = await backend.prepare();
	const env = { ...prepared.env, ...extraEnv };
	const group = { servers: [] as TestServer[], cleanup: prepared.cleanup };
	started.push(group);
	const start = async (extra: Record<string, string> = {}) => {
		const server = await startServer({ ...env, ...extra });
		group.servers.push(server);
		return server;
	};
	for (let i = 0; i < count; i++) await start();
	return {
		nodes: group.servers.slice(),
		env,
		start,
		// Before the file ends, e.g. so a later suite of the file runs without these nodes.
		stop: async () => {
			const at = started.indexOf(group);
			if (at !== -1) await stopGroup(started.splice(at, 1)[0]!);
		}
	};
}

async function stopGroup({ servers, cleanup }: (typeof started)[number]): Promise<void> {
	for (const server of servers) await server.stop();
	await cleanup();
}

/**
 * Runs `cleanup` after the file, before the servers started so far stop: for what a suite opens
 * on their store, such as a database client.
 */
export function afterFile(cleanup: () => Promise<void>): void {
	started.push({ servers: [], cleanup });
}

/** Last started, first stopped: what was opened on a store closes before the store goes. */
export async function stopStartedServers(): Promise<void> {
	for (const group of started.splice(0).reverse()) await stopGroup(group);
}
