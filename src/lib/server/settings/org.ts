import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../challenges/queries.ts';
import { orgSettings } from '../db/schema/index.ts';

export type OrgSettings = typeof orgSettings.$inferSelect;

/**
 * The organisation's single settings row. A fresh database has none: the first read inserts the
 * defaults (`on conflict do nothing`, so two first reads at once agree) instead of every reader
 * repeating them.
 */
export async function readOrgSettings(db: DbOrTx): Promise<OrgSettings> {
	const [found] = await db.select().from(orgSettings).where(eq(orgSettings.id, 1));
	if (found) return found;
	await db.insert(orgSettings).values({ id: 1 }).onConflictDoNothing();
	const [created] = await db.select().from(orgSettings).where(eq(orgSettings.id, 1));
	return created!;
}
