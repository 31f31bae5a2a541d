import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/lib/server/db/client.ts';
import { users } from '../../src/lib/server/db/schema/index.ts';
import { hashPassword } from '../../src/lib/server/auth/password.ts';
import { SCALE, seedStatements } from './seed-sql.ts';

/** Every seeded account signs in with this; the database is for benchmarks only. */
export const SCALE_PASSWORD = 'scale-bench-password';
export const SCALE_ADMIN = { id: 'padmin', email: 'admin@scale.test' };

/**
 * Migrates the database at `databaseUrl` and fills it at the scale, unless it already
 * holds people (then it is left alone, so a benchmark can run again on the same data).
 */
export async function seedScale(databaseUrl: string): Promise<'seeded' | 'kept'> {
	const database = await openDatabase({ databaseUrl, dataDir: null });
	try {
		const { db } = database;
		if ((await db.$count(users)) > 0) return 'kept';
		const passwordHash = await hashPassword(SCALE_PASSWORD);
		// One transaction: a seed that fails half-way leaves no people, so the next run seeds again.
		await db.transaction(async (tx) => {
			await tx.insert(users).values({
				...SCALE_ADMIN,
				name: 'Scale Admin',
				passwordHash,
				role: 'admin',
				createdAt: new Date(Date.now() - 11 * 365 * 24 * 3600 * 1000)
			});
			for (const statement of seedStatements(passwordHash, SCALE_ADMIN.id)) {
				await tx.execute(sql.raw(statement));
			}
		});
		await db.execute(sql.raw('analyze'));
		return 'seeded';
	} finally {
		await database.close();
	}
}

export { SCALE };
