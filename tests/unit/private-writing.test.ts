import { describe, expect, it } from 'vitest';
import {
	isPrivateWritingActive,
	privateDocKey,
	privateDocPrefix,
	revealRefusal
} from '../../src/lib/shared/private-writing.ts';
import { STAGES } from '../../src/lib/shared/stages.ts';

describe('private writing', () => {
	const on = { privateWriting: true };
	const off = { privateWriting: false };

	it('hides notes only in diverge, on a challenge that asks for it, until the reveal', () => {
		for (const stage of STAGES) {
			expect(isPrivateWritingActive(on, { stage, privateRevealed: false })).toBe(
				stage === 'diverge'
			);
			expect(isPrivateWritingActive(on, { stage, privateRevealed: true })).toBe(false);
			expect(isPrivateWritingActive(off, { stage, privateRevealed: false })).toBe(false);
		}
	});

	it('lets the facilitator reveal in diverge only', () => {
		expect(revealRefusal('diverge')).toBeNull();
		for (const stage of STAGES.filter((s) => s !== 'diverge'))
			expect(revealRefusal(stage)).toMatch(/diverge/);
	});

	it('keys each person’s private document under the board, apart from the board itself', () => {
		const key = privateDocKey('board_1', 'user-9');
		expect(key).toBe('board_1/private/user-9');
		expect(key.startsWith(privateDocPrefix('board_1'))).toBe(true);
		expect(privateDocKey('board_1', 'x').startsWith(privateDocPrefix('board_10'))).toBe(false);
		expect(key).not.toBe('board_1');
	});
});
