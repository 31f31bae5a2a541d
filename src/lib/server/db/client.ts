import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema/index.ts';
import { acquireDataDirLock, type DataDirLock } from './lock.ts';
import { embeddedTwoStep, serverTwoStep, type TwoStepTransaction } from './two-step.ts';

/** Both drivers expose the same query builder; services only see this type. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
	db: Db;
	mode: 'postgres' | 'pglite';
	/** Where the data lives, without credentials, for the start-up log. */
	location: string;
	/** Read, decide in memory, write: in two round trips where round trips cost (db/two-step.ts). */
	twoStep: TwoStepTransaction;
	ping(): Promise<void>;
	close(): Promise<void>;
}

export const defaultMigrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export interface DatabaseOptions {
	databaseUrl?: string;
	/** PGlite files; `null` keeps an in-memory database (unit tests). */
	dataDir: string | null;
	migrationsFolder?: string;
}

/** Opens Postgres when a URL is given, otherwise PGlite, and applies pending migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
	const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder;
	return options.databaseUrl
		? openPostgres(options.databaseUrl, migrationsFolder)
		: openPglite(options.dataDir, migrationsFolder);
}

async function openPostgres(url: string, migrationsFolder: string): Promise<Database> {
	// No JIT: its compile step costs 50-150 ms and triggers on cost estimates that the ledger's and
	// sponsor view's aggregates exceed, while each of them runs in a few ms (docs/decisions.md).
	const pool = new pg.Pool({ connectionString: url, max: 10, options: '-c jit=off' });
	const db: Db = drizzlePg(pool, { schema });
	await migratePg(drizzlePg(pool), { migrationsFolder });
	return {
		db,
		mode: 'postgres',
		location: redactUrl(url),
		twoStep: serverTwoStep(pool),
		ping: async () => void (await pool.query('select 1')),
		close: () => pool.end()
	};
}

/**
 * Creating a PGlite database runs initdb inside the WASM heap, which grows it to ~750 MB and never
 * gives it back; opening an existing one takes ~290 MB. So a first start creates the files in a
 * short-lived child process and then opens them like any later start.
 */
function initPgliteApart(files: string): void {
	const module = import.meta.resolve('@electric-sql/pglite');
	const script = `const { PGlite } = await import(${JSON.stringify(module)});
const db = new PGlite(${JSON.stringify(files)});
await db.waitReady;
await db.close();`;
	execFileSync(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
}

async function openPglite(dataDir: string | null, migrationsFolder: string): Promise<Database> {
	let lock: DataDirLock | null = null;
	let client: PGlite;
	if (dataDir) {
		mkdirSync(dataDir, { recursive: true });
		lock = acquireDataDirLock(dataDir);
		const files = path.join(dataDir, 'pglite');
		if (!existsSync(path.join(files, 'PG_VERSION'))) initPgliteApart(files);
		client = new PGlite(files);
	} else {
		client = new PGlite();
	}
	try {
		await client.waitReady;
		const pglite = drizzlePglite(client, { schema });
		await migratePglite(pglite, { migrationsFolder });
		const db: Db = pglite;
		return {
			db,
			mode: 'pglite',
			location: dataDir ?? 'memory',
			twoStep: embeddedTwoStep(db),
			ping: async () => void (await db.execute(sql`select 1`)),
			close: async () => {
				await client.close();
				lock?.release();
			}
		};
	} catch (error) {
		lock?.release();
		throw error;
	}
}

function redactUrl(url: string): string {
	try {
		const parsed = new URL(url);
		parsed.password = parsed.password ? '***' : '';
		return parsed.toString();
	} catch {
		return 'postgres';
	}
}
