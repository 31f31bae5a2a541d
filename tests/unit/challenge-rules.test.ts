// Long because it is one table of cases per rule of src/lib/shared/challenges.ts (inputs, quarters,
// statuses, join codes): a case per edge, kept beside the module it tests, as STYLE.md §4 lays out.
import { describe, it, expect } from 'vitest';
import { parseInput } from '../../src/lib/shared/validate.ts';
import {
	CHALLENGE_STATUSES,
	JOIN_CODE_ALPHABET,
	JOIN_CODE_LENGTH,
	canChangeStatus,
	challengeCreateInput,
	challengeUpdateInput,
	compareQuartersDesc,
	isJoinCode,
	joinInput,
	normalizeJoinCode,
	quarterOf,
	type ChallengeStatus
} from '../../src/lib/shared/challenges.ts';

import { refusal } from '../helpers/refusal.ts';

const minimal = {
	title: 'Halve onboarding time',
	question: 'How might we get a new hire productive in their first week?'
};

describe('challengeCreateInput', () => {
	it('fills in the defaults: a draft for everyone, 5 dots, 3 per idea, no invites', () => {
		expect(parseInput(challengeCreateInput, minimal)).toEqual({
			...minimal,
			whyItMatters: '',
			status: 'draft',
			audience: 'everyone',
			invitedTeamIds: [],
			invitedUserIds: [],
			sponsorId: null,
			voteBudget: 5,
			voteCap: 3,
			privateWriting: false,
			anonymousNotes: false
		});
	});

	it('leaves quarter and facilitator unset for the server to fill in', () => {
		const parsed = parseInput(challengeCreateInput, minimal);
		expect(parsed.quarter).toBeUndefined();
		expect(parsed.facilitatorId).toBeUndefined();
	});

	it('keeps every setting that was sent', () => {
		const full = {
			...minimal,
			whyItMatters: 'Six weeks to first commit is too slow.',
			quarter: '2027-Q1',
			status: 'open',
			audience: 'invited',
			invitedTeamIds: ['team-a', 'team-b'],
			invitedUserIds: ['user-1'],
			sponsorId: 'user-9',
			facilitatorId: 'user-2',
			voteBudget: 10,
			voteCap: 10,
			privateWriting: true,
			anonymousNotes: true
		};
		expect(parseInput(challengeCreateInput, full)).toEqual(full);
	});

	it('trims the title and question', () => {
		const parsed = parseInput(challengeCreateInput, {
			title: '  Halve onboarding time  ',
			question: '\tHow might we onboard faster?\n'
		});
		expect(parsed.title).toBe('Halve onboarding time');
		expect(parsed.question).toBe('How might we onboard faster?');
	});

	it('requires a title, naming the field', () => {
		const error = refusal(challengeCreateInput, { question: minimal.question });
		expect(error.code).toBe('invalid_input');
		expect(Object.keys(error.fields ?? {})).toEqual(['title']);
		expect(error.fields?.title).toBe('Give the challenge a title.');
	});

	it('requires a question, naming the field', () => {
		const error = refusal(challengeCreateInput, { title: minimal.title });
		expect(Object.keys(error.fields ?? {})).toEqual(['question']);
		expect(error.fields?.question).toBe('Write the question people will answer.');
	});

	it('refuses a title that is only whitespace', () => {
		expect(refusal(challengeCreateInput, { ...minimal, title: '     ' }).fields).toHaveProperty(
			'title'
		);
	});

	it('accepts a quarter written like 2027-Q1', () => {
		expect(parseInput(challengeCreateInput, { ...minimal, quarter: '2027-Q1' }).quarter).toBe(
			'2027-Q1'
		);
		expect(parseInput(challengeCreateInput, { ...minimal, quarter: '2026-Q4' }).quarter).toBe(
			'2026-Q4'
		);
	});

	it.each(['2027-Q5', '2027-Q0', '2027Q1', '2027-q1', '27-Q1', '2027-Q1 ', 'Q1-2027'])(
		'refuses the quarter %j',
		(quarter) => {
			const error = refusal(challengeCreateInput, { ...minimal, quarter });
			expect(error.fields?.quarter).toBe('Quarter looks like 2027-Q1.');
		}
	);

	it('accepts a per-idea cap equal to the budget', () => {
		const parsed = parseInput(challengeCreateInput, { ...minimal, voteBudget: 3, voteCap: 3 });
		expect(parsed).toMatchObject({ voteBudget: 3, voteCap: 3 });
	});

	// The range and cap ≤ budget belong to checkVoteSettings (tests/unit/votes.test.ts).
	it('refuses a vote budget that is not a whole number', () => {
		const voteBudget = 2.5;
		expect(
			refusal(challengeCreateInput, { ...minimal, voteBudget, voteCap: 1 }).fields
		).toHaveProperty('voteBudget');
	});

	it('refuses unknown fields, naming them', () => {
		const error = refusal(challengeCreateInput, { ...minimal, colour: 'red' });
		expect(error.code).toBe('invalid_input');
		expect(Object.values(error.fields ?? {}).join(' ')).toContain('colour');
	});

	it('refuses creating a challenge that is already closed', () => {
		const error = refusal(challengeCreateInput, { ...minimal, status: 'closed' });
		expect(error.fields?.status).toBe('A new challenge is draft or open.');
	});

	it('refuses an audience other than everyone or invited', () => {
		expect(refusal(challengeCreateInput, { ...minimal, audience: 'public' }).fields).toHaveProperty(
			'audience'
		);
	});

	it('refuses a body that is not an object', () => {
		expect(Object.keys(refusal(challengeCreateInput, 'a challenge').fields ?? {})).toEqual(['_']);
	});
});

describe('challengeUpdateInput', () => {
	it('refuses an update that changes nothing', () => {
		const error = refusal(challengeUpdateInput, {});
		expect(error.code).toBe('invalid_input');
		expect(error.message).toBe('Send at least one field to change.');
	});

	it('accepts a single field and adds no defaults', () => {
		expect(parseInput(challengeUpdateInput, { title: 'A sharper title' })).toEqual({
			title: 'A sharper title'
		});
	});

	it('accepts closing a challenge', () => {
		expect(parseInput(challengeUpdateInput, { status: 'closed' })).toEqual({ status: 'closed' });
	});

	it('accepts clearing the sponsor', () => {
		expect(parseInput(challengeUpdateInput, { sponsorId: null })).toEqual({ sponsorId: null });
	});

	it('refuses unknown fields', () => {
		expect(refusal(challengeUpdateInput, { title: 'A sharper title', id: 'x' }).code).toBe(
			'invalid_input'
		);
	});

	it('checks the fields it is sent like creation does', () => {
		expect(refusal(challengeUpdateInput, { quarter: '2027-Q5' }).fields?.quarter).toBe(
			'Quarter looks like 2027-Q1.'
		);
		expect(refusal(challengeUpdateInput, { title: 'ab' }).fields).toHaveProperty('title');
	});
});

describe('quarterOf', () => {
	it('puts 23 November 2026 in 2026-Q4', () => {
		expect(quarterOf(new Date(Date.UTC(2026, 10, 23)))).toBe('2026-Q4');
	});

	it.each([
		[Date.UTC(2027, 0, 1, 0, 0, 0, 0), '2027-Q1'],
		[Date.UTC(2027, 2, 31, 23, 59, 59, 999), '2027-Q1'],
		[Date.UTC(2027, 3, 1, 0, 0, 0, 0), '2027-Q2'],
		[Date.UTC(2027, 5, 30, 23, 59, 59, 999), '2027-Q2'],
		[Date.UTC(2027, 6, 1, 0, 0, 0, 0), '2027-Q3'],
		[Date.UTC(2027, 8, 30, 23, 59, 59, 999), '2027-Q3'],
		[Date.UTC(2027, 9, 1, 0, 0, 0, 0), '2027-Q4'],
		[Date.UTC(2027, 11, 31, 23, 59, 59, 999), '2027-Q4'],
		[Date.UTC(2028, 0, 1, 0, 0, 0, 0), '2028-Q1']
	])('puts %s (epoch ms, UTC) in %s', (ms, quarter) => {
		expect(quarterOf(new Date(ms))).toBe(quarter);
	});

	it('reads the date in UTC, whatever its written time zone', () => {
		// 31 December 2026, 23:30 in New York is 1 January 2027 in UTC.
		expect(quarterOf(new Date('2026-12-31T23:30:00-05:00'))).toBe('2027-Q1');
	});

	it('gives the same quarter whatever time zone the server runs in', () => {
		const previous = process.env.TZ;
		try {
			for (const zone of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
				process.env.TZ = zone;
				expect(quarterOf(new Date(Date.UTC(2027, 0, 1, 0, 30)))).toBe('2027-Q1');
				expect(quarterOf(new Date(Date.UTC(2027, 2, 31, 23, 30)))).toBe('2027-Q1');
			}
		} finally {
			if (previous === undefined) delete process.env.TZ;
			else process.env.TZ = previous;
		}
	});

	it('writes quarters that the challenge input accepts', () => {
		const quarter = quarterOf(new Date(Date.UTC(2026, 10, 23)));
		expect(parseInput(challengeCreateInput, { ...minimal, quarter }).quarter).toBe(quarter);
	});
});

describe('compareQuartersDesc', () => {
	it('orders quarters newest first, across years', () => {
		expect(['2026-Q1', '2027-Q1', '2026-Q4', '2026-Q2'].sort(compareQuartersDesc)).toEqual([
			'2027-Q1',
			'2026-Q4',
			'2026-Q2',
			'2026-Q1'
		]);
	});
});

describe('canChangeStatus', () => {
	const table: [ChallengeStatus, ChallengeStatus, boolean][] = [
		['draft', 'draft', true],
		['draft', 'open', true],
		['draft', 'closed', false],
		['open', 'draft', false],
		['open', 'open', true],
		['open', 'closed', true],
		['closed', 'draft', false],
		['closed', 'open', false],
		['closed', 'closed', true]
	];

	it('has a row for every pair of statuses', () => {
		expect(table.map(([from, to]) => `${from}->${to}`).sort()).toEqual(
			CHALLENGE_STATUSES.flatMap((from) => CHALLENGE_STATUSES.map((to) => `${from}->${to}`)).sort()
		);
	});

	it.each(table.filter(([, , allowed]) => allowed))('allows %s -> %s', (from, to) => {
		expect(canChangeStatus(from, to)).toBe(true);
	});

	it.each(table.filter(([, , allowed]) => !allowed))('refuses %s -> %s', (from, to) => {
		expect(canChangeStatus(from, to)).toBe(false);
	});
});

describe('join codes', () => {
	const AMBIGUOUS = ['0', 'O', '1', 'I', 'L', 'B', '8', 'S', '5', 'Z', '2'];

	it('normalizes a code typed with spaces, a dash and lower case', () => {
		expect(normalizeJoinCode(' k7m-pqx ')).toBe('K7MPQX');
		expect(normalizeJoinCode('k7m pqx')).toBe('K7MPQX');
		expect(normalizeJoinCode('K7M\tPQX\n')).toBe('K7MPQX');
	});

	it('leaves a code that is already normal as it is', () => {
		expect(normalizeJoinCode('K7MPQX')).toBe('K7MPQX');
	});

	it('is six characters long', () => {
		expect(JOIN_CODE_LENGTH).toBe(6);
	});

	it('draws from an alphabet without characters people confuse', () => {
		for (const c of AMBIGUOUS) expect(JOIN_CODE_ALPHABET).not.toContain(c);
		expect(new Set(JOIN_CODE_ALPHABET).size).toBe(JOIN_CODE_ALPHABET.length);
	});

	it('accepts a six-character code from the alphabet', () => {
		expect(isJoinCode('K7MPQX')).toBe(true);
	});

	it('accepts every character of the alphabet', () => {
		for (const c of JOIN_CODE_ALPHABET) expect(isJoinCode(c.repeat(6))).toBe(true);
	});

	it.each(AMBIGUOUS)('refuses a code containing the ambiguous character %s', (c) => {
		expect(isJoinCode(`K7MPQ${c}`)).toBe(false);
	});

	it.each(['', 'K7MPQ', 'K7MPQXA', 'K7MPQXK7MPQX'])('refuses %j for its length', (code) => {
		expect(isJoinCode(code)).toBe(false);
	});

	it('refuses lower case and separators that were not normalized away', () => {
		expect(isJoinCode('k7mpqx')).toBe(false);
		expect(isJoinCode('K7M-PQ')).toBe(false);
		expect(isJoinCode('K7M PQ')).toBe(false);
	});
});

describe('joinInput', () => {
	it('normalizes the code people type', () => {
		expect(parseInput(joinInput, { code: ' k7m-pqx ' })).toEqual({ code: 'K7MPQX' });
	});

	it('says a code with characters outside the alphabet is not a valid code, naming them', () => {
		const error = refusal(joinInput, { code: 'zzzzz0' });
		expect(error.fields?.code).toBe(
			'That is not a valid join code: codes never contain Z, 0. Check it with your facilitator.'
		);
	});

	it('says how long a code of the wrong length is', () => {
		expect(refusal(joinInput, { code: 'K7MPQ' }).fields?.code).toBe(
			'A join code has 6 characters; this one has 5.'
		);
	});

	it('asks for the code when only separators were typed', () => {
		expect(refusal(joinInput, { code: ' - ' }).fields?.code).toBe(
			'Enter the 6-character join code.'
		);
	});

	it('asks for the code when it is missing or not a string', () => {
		expect(refusal(joinInput, {}).fields?.code).toBe('Enter the 6-character join code.');
		expect(refusal(joinInput, { code: 123456 }).fields?.code).toBe(
			'Enter the 6-character join code.'
		);
	});

	it('refuses an overlong input before normalizing it', () => {
		expect(refusal(joinInput, { code: `K7MPQX${' '.repeat(40)}` }).fields).toHaveProperty('code');
	});

	it('refuses unknown fields', () => {
		expect(refusal(joinInput, { code: 'K7MPQX', session: 'abc' }).code).toBe('invalid_input');
	});
});
