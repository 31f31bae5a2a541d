import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/lib/server/db/client.ts';
import { rowsOf } from '../../src/lib/server/db/rows.ts';
import { backends, type BackendEnv } from '../helpers/backends.ts';
import { untilAsync } from '../helpers/realtime.ts';

const awkward = [
	`O'Brien`,
	"back\\slash and \\' both",
	'"quoted", {braced}, comma',
	'$1 looks like a parameter',
	'émoji 🎉 and ünïcode',
	''
];

describe.each(backends())('a read-decide-write transaction on $name', (backend) => {
	let env: BackendEnv;
	let database: Database;

	beforeAll(async () => {
		env = await backend.prepare();
		database = await openDatabase({ databaseUrl: env.env.DATABASE_URL, dataDir: null });
		await database.db.execute(sql`create table two_step_probe (id int primary key, note text)`);
		await database.db.execute(sql`insert into two_step_probe values (1, 'kept')`);
	});
	afterAll(async () => {
		await database?.close();
		// The pool's end() resolves before its connections have closed: let them go before the
		// cleanup's forced drop, which would end them with an error nobody listens for.
		if (env?.env.DATABASE_URL) await untilConnectionsClosed(env.env.DATABASE_URL);
		await env?.cleanup();
	});

	const notes = async () =>
		rowsOf<{ note: string }>(
			await database.db.execute(sql`select note from two_step_probe order by id`)
		).map((r) => r.note);

	it('passes strings and arrays through exactly, however they are quoted', async () => {
		const read = await database.twoStep(
			[
				sql`select ${awkward[0]}::text as a, ${awkward[1]}::text as b, ${awkward[5]}::text as c`,
				sql`select ${sql.param(awkward)}::text[] as texts,
					${sql.param([3, -1, null])}::int[] as ints, ${null}::text as nothing`
			],
			(rows) => ({ result: rows, writes: [] })
		);
		expect(read[0]).toEqual([{ a: awkward[0], b: awkward[1], c: '' }]);
		expect(read[1]).toEqual([{ texts: awkward, ints: [3, -1, null], nothing: null }]);
	});

	it('runs the same statements again with other values, on every connection of the pool', async () => {
		const runs = await Promise.all(
			Array.from({ length: 40 }, (_, i) =>
				database.twoStep(
					[sql`select ${`run ${i}`}::text as label, ${sql.param([i, i + 1])}::int[] as pair`],
					(rows) => ({ result: rows[0], writes: [] })
				)
			)
		);
		expect(runs).toEqual(runs.map((_, i) => [{ label: `run ${i}`, pair: [i, i + 1] }]));
	});

	it('commits the writes it decided on', async () => {
		const count = await database.twoStep(
			[sql`select count(*)::int as n from two_step_probe`],
			(rows) => {
				const n = (rows[0] as { n: number }[])[0]!.n;
				return {
					result: n,
					writes: [sql`insert into two_step_probe values (${n + 1}, ${awkward[2]})`]
				};
			}
		);
		expect(count).toBe(1);
		expect(await notes()).toEqual(['kept', awkward[2]]);
	});

	it('keeps nothing when the decision throws or a write fails, and goes on working', async () => {
		const before = await notes();
		await expect(
			database.twoStep([sql`update two_step_probe set note = 'changed' returning id`], () => {
				throw new Error('decided against it');
			})
		).rejects.toThrow('decided against it');
		await expect(
			database.twoStep([sql`update two_step_probe set note = 'changed' returning id`], () => ({
				result: null,
				writes: [sql`insert into two_step_probe values (1, 'a duplicate key')`]
			}))
		).rejects.toThrow(/duplicate key/);
		expect(await notes()).toEqual(before);
		expect(
			await database.twoStep([sql`select 1 as one`], (rows) => ({ result: rows[0], writes: [] }))
		).toEqual([{ one: 1 }]);
	});

	// Defined on Postgres only, not skipped elsewhere: PGlite has one connection, so no second
	// transaction can hold a lock beside it and the case does not exist there.
	if (backend.name === 'postgres+redis')
		it('reads, in its second statement, what was committed while its first waited for a lock', async () => {
			const other = new pg.Client({ connectionString: env.env.DATABASE_URL });
			await other.connect();
			try {
				await other.query('begin');
				await other.query(`update two_step_probe set note = 'held' where id = 1`);
				await other.query(`insert into two_step_probe values (100, 'written under the lock')`);
				const waiting = database.twoStep(
					[
						sql`select id from two_step_probe where id = 1 for update`,
						sql`select count(*)::int as n from two_step_probe where id = 100`
					],
					(rows) => ({ result: rows[1], writes: [] })
				);
				await untilAsync(async () => {
					const { rows } = await other.query(`select count(*)::int as n from pg_stat_activity
						where datname = current_database() and wait_event_type = 'Lock'`);
					return rows[0].n === 1;
				});
				await other.query('commit');
				expect(await waiting).toEqual([{ n: 1 }]);
			} finally {
				await other.end();
			}
		});
});

async function untilConnectionsClosed(url: string): Promise<void> {
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	try {
		await untilAsync(async () => {
			const { rows } = await admin.query(`select count(*)::int as n from pg_stat_activity
				where datname = current_database() and pid <> pg_backend_pid()`);
			return rows[0].n === 0;
		});
	} finally {
		await admin.end();
	}
}
