import { describe, expect, it } from 'vitest';
import { DomainError, found } from '../../src/lib/shared/errors.ts';

describe('found', () => {
	it('passes a value through, falsy ones included', () => {
		const row = { id: 's1' };
		expect(found(row, 'session')).toBe(row);
		expect(found(0, 'count')).toBe(0);
		expect(found('', 'note')).toBe('');
	});

	it.each([null, undefined])('refuses %s with the 404 that names what is missing', (value) => {
		let thrown: unknown;
		try {
			found(value, 'session');
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(DomainError);
		expect((thrown as DomainError).code).toBe('not_found');
		expect((thrown as DomainError).status).toBe(404);
		expect((thrown as DomainError).message).toBe('That session does not exist.');
	});
});
