import { describe, it, expect } from 'vitest';
import { generateJoinCode } from '../../src/lib/server/sessions/join-code.ts';
import {
	JOIN_CODE_ALPHABET,
	JOIN_CODE_LENGTH,
	isJoinCode
} from '../../src/lib/shared/challenges.ts';

const COUNT = 10_000;
const codes = Array.from({ length: COUNT }, () => generateJoinCode());

describe('generateJoinCode', () => {
	it('always makes six characters from the join-code alphabet', () => {
		const bad = codes.filter(
			(code) =>
				code.length !== JOIN_CODE_LENGTH || [...code].some((c) => !JOIN_CODE_ALPHABET.includes(c))
		);
		expect(bad).toEqual([]);
		expect(codes.every((code) => code.length === 6)).toBe(true);
	});

	it('makes codes that isJoinCode accepts, so every generated code can be typed back in', () => {
		expect(codes.filter((code) => !isJoinCode(code))).toEqual([]);
	});

	it('makes a different code almost every time', () => {
		// 25^6 is about 244 million codes; 10,000 draws expect well under one collision.
		expect(new Set(codes).size).toBeGreaterThan(COUNT - 10);
	});

	it('uses every character of the alphabet in every position', () => {
		for (let position = 0; position < JOIN_CODE_LENGTH; position++) {
			const seen = new Set(codes.map((code) => code[position]));
			expect([...seen].sort().join('')).toBe([...JOIN_CODE_ALPHABET].sort().join(''));
		}
	});

	it('spreads its characters evenly, no character drawn twice as often as its fair share', () => {
		const counts = new Map<string, number>();
		for (const code of codes) for (const c of code) counts.set(c, (counts.get(c) ?? 0) + 1);
		// 60,000 characters over 25 symbols: 2,400 each, with a standard deviation near 48.
		const fair = (COUNT * JOIN_CODE_LENGTH) / JOIN_CODE_ALPHABET.length;
		for (const c of JOIN_CODE_ALPHABET) {
			expect(counts.get(c) ?? 0).toBeGreaterThan(fair / 2);
			expect(counts.get(c) ?? 0).toBeLessThan(fair * 2);
		}
	});
});
