import { describe, expect, it } from 'vitest';
import { castInput } from '../../src/lib/server/votes/cast.ts';
import { DomainError } from '../../src/lib/shared/errors.ts';
import { parseInput } from '../../src/lib/shared/validate.ts';
import { isVoteId, VOTE_ID_MESSAGE } from '../../src/lib/shared/votes.ts';

const refusal = (body: unknown) => {
	try {
		parseInput(castInput, body);
	} catch (error) {
		if (error instanceof DomainError) return { code: error.code, fields: error.fields };
		throw error;
	}
	return null;
};

describe('a cast’s voteId', () => {
	it.each([
		'0b7c6f1e-5d2a-4c1e-9f0a-3b2d1c4e5f60',
		'01JF3Z8W5Q9V7X2M4K6N8P0R2T',
		'V1StGXR8_Z5jdHi6B-myT',
		'a'.repeat(16),
		'a'.repeat(64)
	])('accepts %s (UUID, ULID, nanoid, the bounds)', (voteId) => {
		expect(isVoteId(voteId)).toBe(true);
		expect(parseInput(castInput, { ideaId: 'i1', delta: 1, voteId })).toEqual({
			ideaId: 'i1',
			delta: 1,
			voteId
		});
	});

	it('may be left out: a cast without one is decided as before', () => {
		expect(parseInput(castInput, { ideaId: 'i1', delta: -1 })).toEqual({ ideaId: 'i1', delta: -1 });
	});

	it.each([
		['too short', 'a'.repeat(15)],
		['too long', 'a'.repeat(65)],
		['empty', ''],
		['with a space', '0b7c6f1e 5d2a 4c1e 9f0a'],
		['with other characters', 'vote/1234567890abcdef'],
		['a number', 1234567890123456],
		['null', null],
		['an object', { id: '0b7c6f1e-5d2a-4c1e-9f0a-3b2d1c4e5f60' }]
	])('refuses one %s with invalid_input naming voteId', (_, voteId) => {
		expect(isVoteId(voteId)).toBe(false);
		expect(refusal({ ideaId: 'i1', delta: 1, voteId })).toEqual({
			code: 'invalid_input',
			fields: { voteId: VOTE_ID_MESSAGE }
		});
	});
});
