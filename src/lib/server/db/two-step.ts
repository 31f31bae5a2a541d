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
 * one simple-protocol message and COMMIT with the writes in another, two round trips in all. The
 * simple protocol takes no parameters, so values are written as literals (`literal`).
 */
export function serverTwoStep(pool: pg.Pool): TwoStepTransaction {
	return async (first, decide) => {
		const client = await pool.connect();
		let broken: Error | undefined;
		try {
			const opened = resultsOf(await client.query(script(['begin', ...first.map(toText)])));
			const { result, writes } = decide(opened.slice(1).map(rowsOf));
			await client.query(script([...writes.map(toText), 'commit']));
			return result;
		} catch (error) {
			await client.query('rollback').catch((failed: Error) => (broken = failed));
			throw error;
		} finally {
			client.release(broken);
		}
	};
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

function script(statements: string[]): string {
	return statements.join(';\n');
}

function resultsOf(answer: pg.QueryResult | pg.QueryResult[]): pg.QueryResult[] {
	return Array.isArray(answer) ? answer : [answer];
}

const dialect = new PgDialect();

/** A statement with its parameters written in as literals, for the simple query protocol. */
export function toText(statement: SQL): string {
	const { sql: text, params } = dialect.sqlToQuery(statement);
	return text.replace(/\$(\d+)/g, (_, n: string) => literal(params[Number(n) - 1]));
}

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
