import { pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { createdAt, textId } from './columns.ts';

export const teams = pgTable(
	'teams',
	{
		id: textId(),
		name: text('name').notNull(),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('teams_name_lower_idx').on(sql`lower(${t.name})`)]
);

export type Team = typeof teams.$inferSelect;
