import { getTableColumns, type Table } from 'drizzle-orm';

/**
 * Projections for `select()`: some of a table's columns under their own names, so a query names
 * the columns it reads instead of spelling out `field: table.field` for each one.
 */

type Columns<T extends Table> = T['_']['columns'];

/** The named columns of `table`. */
export function pickColumns<T extends Table, K extends keyof Columns<T> & string>(
	table: T,
	...keys: K[]
): Pick<Columns<T>, K> {
	const all = getTableColumns(table);
	return Object.fromEntries(keys.map((key) => [key, all[key]])) as Pick<Columns<T>, K>;
}

/** Every column of `table` but the named ones (typically the key the query filters on). */
export function columnsExcept<T extends Table, K extends keyof Columns<T> & string>(
	table: T,
	...keys: K[]
): Omit<Columns<T>, K> {
	const skip = new Set<string>(keys);
	const kept = Object.entries(getTableColumns(table)).filter(([key]) => !skip.has(key));
	return Object.fromEntries(kept) as Omit<Columns<T>, K>;
}
