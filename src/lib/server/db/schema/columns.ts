import { text, timestamp, type AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * Column builders the tables share. Each one is exactly the chain it replaces, so the SQL that
 * drizzle-kit derives is unchanged (see docs/decisions.md, "Schema column helpers"). This file
 * imports no table: tables import it, and a reference names its target lazily.
 */

/** What a foreign key does when its target row goes; none means Postgres' `no action`. */
type OnDelete = 'cascade' | 'set null';

/** `id text primary key`: the generated id most tables are keyed by. */
export const textId = () => text('id').primaryKey();

/** `timestamp with time zone`, the only kind of time the schema stores. */
export const timestamptz = <N extends string>(name: N) => timestamp(name, { withTimezone: true });

/** `created_at timestamptz not null default now()`. */
export const createdAt = () => timestamptz('created_at').notNull().defaultNow();

/** `updated_at timestamptz not null default now()`. */
export const updatedAt = () => timestamptz('updated_at').notNull().defaultNow();

/** A `text not null` foreign key to `target`. */
export const ref = <N extends string>(name: N, target: () => AnyPgColumn, onDelete?: OnDelete) =>
	text(name).notNull().references(target, { onDelete });

/** A nullable `text` foreign key to `target`. */
export const optionalRef = <N extends string>(
	name: N,
	target: () => AnyPgColumn,
	onDelete?: OnDelete
) => text(name).references(target, { onDelete });
