import { describe, it, expect } from 'vitest';
import { checkVoteSettings } from '../../src/lib/shared/votes.ts';

const current = { voteBudget: 5, voteCap: 3 };

describe('checkVoteSettings', () => {
	it('accepts a cap up to the budget, from 1 to 50', () => {
		expect(checkVoteSettings({ voteBudget: 1, voteCap: 1 }, null, false)).toEqual({ ok: true });
		expect(checkVoteSettings({ voteBudget: 50, voteCap: 50 }, null, false)).toEqual({ ok: true });
	});

	it('refuses a cap above the budget, naming the cap', () => {
		expect(checkVoteSettings({ voteBudget: 3, voteCap: 4 }, null, false)).toMatchObject({
			ok: false,
			code: 'invalid_input',
			field: 'voteCap'
		});
	});

	it.each([
		[{ voteBudget: 0, voteCap: 1 }, 'voteBudget'],
		[{ voteBudget: 51, voteCap: 1 }, 'voteBudget'],
		[{ voteBudget: 2.5, voteCap: 1 }, 'voteBudget'],
		[{ voteBudget: 5, voteCap: 0 }, 'voteCap'],
		[{ voteBudget: 5, voteCap: 51 }, 'voteCap']
	])('refuses %j out of range', (next, field) => {
		expect(checkVoteSettings(next, null, false)).toMatchObject({ ok: false, field });
	});

	it('refuses a budget or cap change while a session is voting', () => {
		expect(checkVoteSettings({ voteBudget: 6, voteCap: 3 }, current, true)).toMatchObject({
			ok: false,
			code: 'conflict',
			field: 'voteBudget'
		});
		expect(checkVoteSettings({ voteBudget: 5, voteCap: 2 }, current, true)).toMatchObject({
			ok: false,
			code: 'conflict',
			field: 'voteCap'
		});
	});

	it('lets other edits through while voting when the dots stay the same', () => {
		expect(checkVoteSettings(current, current, true)).toEqual({ ok: true });
	});

	it('allows a change when no session is voting', () => {
		expect(checkVoteSettings({ voteBudget: 8, voteCap: 4 }, current, false)).toEqual({ ok: true });
	});
});
