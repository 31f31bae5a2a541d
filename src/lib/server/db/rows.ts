/**
 * The rows of a raw `db.execute(sql…)`: node-postgres and PGlite both answer `{rows}`. The row
 * type is the caller's to assert, matching the columns its SQL names.
 */
export function rowsOf<T>(answer: unknown): T[] {
	const rows = (answer as { rows?: unknown }).rows;
	return Array.isArray(rows) ? (rows as T[]) : [];
}
