import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import * as schema from '../../src/lib/server/db/schema/index.ts';

describe('the schema and its migrations', () => {
	it('declares exactly what the latest migration snapshot holds, so no migration is pending', async () => {
		const dir = 'src/lib/server/db/migrations/meta';
		const journal = JSON.parse(readFileSync(`${dir}/_journal.json`, 'utf8')) as {
			entries: { idx: number }[];
		};
		const last = String(journal.entries.at(-1)!.idx).padStart(4, '0');
		const snapshot = JSON.parse(readFileSync(`${dir}/${last}_snapshot.json`, 'utf8'));
		const current = generateDrizzleJson(schema as Record<string, unknown>, snapshot.id);
		expect(await generateMigration(snapshot, current)).toEqual([]);
	});
});
