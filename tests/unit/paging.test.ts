import { describe, expect, it } from 'vitest';
import { pageCount, pageOf, PAGE_SIZE } from '../../src/lib/shared/paging.ts';
import { pageNumber } from '../../src/lib/shared/paging-input.ts';

const items = Array.from({ length: 60 }, (_, i) => i + 1);

describe('paging a long list', () => {
	it('takes a page of PAGE_SIZE items, counting from 1, and says where it sits', () => {
		expect(PAGE_SIZE).toBe(50);
		const first = pageOf(items, 1);
		expect(first.items).toEqual(items.slice(0, 50));
		expect(first.page).toEqual({ page: 1, size: 50, total: 60 });
		expect(pageOf(items, 2).items).toEqual(items.slice(50));
	});

	it('gives an empty page past the last, with the total still counting everything', () => {
		expect(pageOf(items, 3)).toEqual({ items: [], page: { page: 3, size: 50, total: 60 } });
	});

	it('counts pages, and an empty list still has one', () => {
		expect(pageCount({ page: 1, size: 50, total: 0 })).toBe(1);
		expect(pageCount({ page: 1, size: 50, total: 50 })).toBe(1);
		expect(pageCount({ page: 1, size: 50, total: 51 })).toBe(2);
	});

	it('reads ?page= as a whole number from 1, 1 when absent', () => {
		expect(pageNumber.parse(undefined)).toBe(1);
		expect(pageNumber.parse('2')).toBe(2);
		for (const bad of ['0', '-1', '1.5', 'two', ''])
			expect(pageNumber.safeParse(bad).success).toBe(false);
	});
});
