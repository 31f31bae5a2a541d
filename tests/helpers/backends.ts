import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';

export interface BackendEnv {
	env: Record<string, string>;
	cleanup(): Promise<void>;
}

export interface Backend {
	name: 'embedded' | 'postgres+redis';
	/** A fresh, isolated store for one suite: its own data dir, or database and key prefix. */
	prepare(): Promise<BackendEnv>;
}

const runId = () => Math.random().toString(36).slice(2, 10);

export const embedded: Backend = {
	name: 'embedded',
	async prepare() {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'ws-test-'));
		return {
			env: { DATA_DIR: dir },
			cleanup: async () => rmSync(dir, { recursive: true, force: true })
		};
	}
};

function services(databaseUrl: string, redisUrl: string): Backend {
	return {
		name: 'postgres+redis',
		async prepare() {
			const id = runId();
			const database = `ws_test_${id}`;
			const admin = new pg.Client({ connectionString: databaseUrl });
			await admin.connect();
			await admin.query(`create database ${database}`);
			await admin.end();
			const url = new URL(databaseUrl);
			url.pathname = `/${database}`;
			const prefix = `wstest:${id}:`;
			return {
				env: { DATABASE_URL: url.toString(), REDIS_URL: redisUrl, REDIS_PREFIX: prefix },
				async cleanup() {
					const client = new pg.Client({ connectionString: databaseUrl });
					await client.connect();
					await client.query(`drop database if exists ${database} with (force)`);
					await client.end();
					await deleteKeys(redisUrl, prefix);
				}
			};
		}
	};
}

async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
	const redis = new Redis(redisUrl);
	try {
		let cursor = '0';
		do {
			const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
			cursor = next;
			if (keys.length) await redis.del(...keys);
		} while (cursor !== '0');
	} finally {
		redis.disconnect();
	}
}

/**
 * Every integration suite runs on the embedded backend, and on Postgres + Redis when
 * DATABASE_URL and REDIS_URL are set. REQUIRE_SERVICES=1 turns their absence into a failure.
 */
export function backends(): Backend[] {
	const { DATABASE_URL, REDIS_URL, REQUIRE_SERVICES } = process.env;
	if (DATABASE_URL && REDIS_URL) return [embedded, services(DATABASE_URL, REDIS_URL)];
	if (REQUIRE_SERVICES === '1') {
		throw new Error('REQUIRE_SERVICES=1 but DATABASE_URL and REDIS_URL are not both set.');
	}
	return [embedded];
}

/**
 * Postgres + Redis for the suites that write their fixtures with `pg`, which the embedded store
 * cannot take from outside the server: null (the suite skips) without both URLs, and, like
 * `backends()`, a failure instead under REQUIRE_SERVICES=1, so CI can never skip them.
 */
export function servicesBackend(): Backend | null {
	const { DATABASE_URL, REDIS_URL, REQUIRE_SERVICES } = process.env;
	if (DATABASE_URL && REDIS_URL) return services(DATABASE_URL, REDIS_URL);
	if (REQUIRE_SERVICES === '1') {
		throw new Error('REQUIRE_SERVICES=1 but DATABASE_URL and REDIS_URL are not both set.');
	}
	return null;
}

/** `servicesBackend()`, warning that the `skipped` tests do not run when it is null. */
export function servicesBackendOrWarn(skipped: string): Backend | null {
	const backend = servicesBackend();
	if (!backend) console.warn(`DATABASE_URL and REDIS_URL unset: ${skipped} skipped`);
	return backend;
}
