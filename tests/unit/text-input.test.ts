import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { textUpTo } from '../../src/lib/shared/text-input.ts';
import { parseInput } from '../../src/lib/shared/validate.ts';
import { refusal } from '../helpers/refusal.ts';

describe('textUpTo', () => {
	const input = z.strictObject({ unit: textUpTo('The unit', 5) });
	const required = z.strictObject({
		unit: textUpTo('The unit', 5).min(1, 'The unit is required.')
	});

	it('trims, and counts the characters after trimming', () => {
		expect(parseInput(input, { unit: '  hours  ' })).toEqual({ unit: 'hours' });
		expect(parseInput(input, { unit: '' })).toEqual({ unit: '' });
	});

	it('names the field when the text is too long or not text', () => {
		expect(refusal(input, { unit: 'minutes' }).fields).toEqual({
			unit: 'The unit is at most 5 characters.'
		});
		expect(refusal(input, { unit: 42 }).fields).toEqual({ unit: 'The unit must be text.' });
	});

	it('takes a minimum on top, with its own message', () => {
		expect(refusal(required, { unit: '   ' }).fields).toEqual({ unit: 'The unit is required.' });
		expect(refusal(required, { unit: 'minutes' }).fields).toEqual({
			unit: 'The unit is at most 5 characters.'
		});
	});
});
