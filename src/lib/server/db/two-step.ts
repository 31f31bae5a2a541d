import { createHash } from 'node:crypto';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import type { Db } from './client.ts';
import { rowsOf } from './rows.ts';

/** What the caller decides once the first statements' rows are in: its answer and what to write. */
export interface Decided<T> {
	result: T;
	/** Statements to run before COMMIT, in order; none commits at once. */
	writes: SQL[];
}

/**
 * A transaction of read-decide-write shape in as few round trips as the driver allows: the first
 * statements run one after another (each, in READ COMMITTED, on a fresh snapshot, so one may read
 * what the locks of an earlier one now protect), `decide` works on their rows in memory, and its
 * writes commit. If anything fails the transaction rolls back and the error is thrown.
 */
export type TwoStepTransaction = <T>(
	first: SQL[],
	decide: (rows: unknown[][]) => Decided<T>
) => Promise<T>;

/**
 * On a Postgres server every round trip costs a wake-up of the node and of a backend, and a hot
 * path (the vote storm) spends most of its time in them: BEGIN goes with the first statements in
 * one simple-protocol message and COMMIT with the writes in another, two round trips in all.
 *
 * The simple protocol takes no parameters, so each statement is `PREPARE`d once per connection,
 * named by its text, and then `EXECUTE`d with its values written as literals: the node sends a
 * short line per statement instead of its whole text, and the backend skips parsing it (in the
 * spread storm p95 fell from 30–37 to 21–26 ms with it; docs/decisions.md). A failure destroys the
 * connection, so no connection is ever unsure which statements it holds.
 */
export function serverTwoStep(pool: pg.Pool): TwoStepTransaction {
	const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();
	return async (first, decide) => {
		const client = await pool.connect();
		const prepared = preparedOn.get(client) ?? new Set<string>();
		preparedOn.set(client, prepared);
		try {
			const { result, writes } = decide(await send(client, prepared, ['begin'], first, []));
			await send(client, prepared, [], writes, ['commit']);
			client.release();
			return result;
		} catch (error) {
			client.release(error instanceof Error ? error : new Error(String(error)));
			throw error;
		}
	};
}

/** One message: `before`, each statement (prepared first if this connection lacks it), `after`. */
async function send(
	client: pg.PoolClient,
	prepared: Set<string>,
	before: string[],
	statements: SQL[],
	after: string[]
): Promise<unknown[][]> {
	const message = [...before];
	const executes: number[] = [];
	const preparing = new Set<string>();
	for (const statement of statements) {
		const { sql: text, params } = dialect.sqlToQuery(statement);
		const name = `ws_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
		if (!prepared.has(name) && !preparing.has(name)) {
			message.push(`prepare ${name} as ${text}`);
			preparing.add(name);
		}
		executes.push(message.length);
		message.push(
			params.length ? `execute ${name}(${params.map(literal).join(', ')})` : `execute ${name}`
		);
	}
	message.push(...after);
	const results = resultsOf(await client.query(message.join(';\n')));
	for (const name of preparing) prepared.add(name);
	return executes.map((i) => rowsOf(results[i]));
}

/**
 * PGlite has one connection and no network: round trips are free, and a transaction must hold its
 * lock on that connection, which Drizzle's transaction does.
 */
export function embeddedTwoStep(db: Db): TwoStepTransaction {
	return (first, decide) =>
		db.transaction(async (tx) => {
			const rows: unknown[][] = [];
			for (const statement of first) rows.push(rowsOf(await tx.execute(statement)));
			const { result, writes } = decide(rows);
			for (const statement of writes) await tx.execute(statement);
			return result;
		});
}

function resultsOf(answer: pg.QueryResult | pg.QueryResult[]): pg.QueryResult[] {
	return Array.isArray(answer) ? answer : [answer];
}

const dialect = new PgDialect();

type Value = string | number | boolean | null | undefined;

/**
 * A value as an SQL literal of unknown type, which the cast or column beside it types as it would
 * a parameter. Strings go through the driver's `escapeLiteral`; arrays are written as array text
 * (`{"a","b",NULL}`) and then escaped as one string, as the driver would send them as a parameter.
 */
export function literal(value: unknown): string {
	if (Array.isArray(value)) return pg.escapeLiteral(arrayText(value));
	return scalar(value as Value) ?? 'NULL';
}

function scalar(value: Value): string | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'string') return pg.escapeLiteral(value);
	if (typeof value === 'boolean') return String(value);
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw new TypeError(`cannot write ${typeof value} ${String(value)} as an SQL literal`);
}

function arrayText(values: unknown[]): string {
	const items = values.map((item) => {
		if (item === null || item === undefined) return 'NULL';
		if (typeof item === 'object') throw new TypeError('nested arrays are not written as literals');
		return `"${String(item as Value).replace(/[\\"]/g, '\\$&')}"`;
	});
	return `{${items.join(',')}}`;
}
