/**
 * One rule for the long lists a page shows a page at a time (the sponsor view's commitments, the
 * ledger's value lines): pages count from 1, hold `PAGE_SIZE` items, and a page past the last is
 * empty while `total` still says how many there are. Zod-free, so the pager can import it.
 */
export const PAGE_SIZE = 50;

/** Where a page sits in its list: `page` counts from 1, `total` counts every item. */
export interface PageInfo {
	page: number;
	size: number;
	total: number;
}

/** The items on `page`, with where that page sits. */
export function pageOf<T>(
	items: readonly T[],
	page: number,
	size = PAGE_SIZE
): { items: T[]; page: PageInfo } {
	return {
		items: items.slice((page - 1) * size, page * size),
		page: { page, size, total: items.length }
	};
}

/** How many pages the list has; an empty list still has one (empty) page. */
export function pageCount({ size, total }: PageInfo): number {
	return Math.max(1, Math.ceil(total / size));
}
