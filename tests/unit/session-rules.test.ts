import { describe, it, expect } from 'vitest';
import { parseInput } from '../../src/lib/shared/validate.ts';
import { STAGES } from '../../src/lib/shared/stages.ts';
import {
	aggregateParticipants,
	groupByTeam,
	noticeInput,
	stageInput,
	timerInput,
	type Participant
} from '../../src/lib/shared/sessions.ts';

import { refusal } from '../helpers/refusal.ts';

function person(userId: string, overrides: Partial<Participant> = {}): Participant {
	return {
		userId,
		name: `Name ${userId}`,
		teamId: null,
		role: 'participant',
		state: 'active',
		...overrides
	};
}

describe('stageInput', () => {
	it.each(STAGES)('accepts the stage %s', (to) => {
		expect(parseInput(stageInput, { to })).toEqual({ to });
	});

	it('refuses a stage the machine does not know, listing the stages', () => {
		const error = refusal(stageInput, { to: 'done' });
		expect(error.code).toBe('invalid_input');
		expect(error.fields?.to).toContain('lobby, diverge, cluster, vote, commit, closed');
	});

	it('refuses a missing stage', () => {
		expect(refusal(stageInput, {}).fields).toHaveProperty('to');
	});

	it('refuses a stage written in another case', () => {
		expect(refusal(stageInput, { to: 'Vote' }).fields).toHaveProperty('to');
	});

	it('refuses extra fields', () => {
		expect(refusal(stageInput, { to: 'vote', from: 'cluster' }).code).toBe('invalid_input');
	});
});

describe('timerInput', () => {
	it('accepts start with seconds', () => {
		expect(parseInput(timerInput, { action: 'start', seconds: 300 })).toEqual({
			action: 'start',
			seconds: 300
		});
	});

	it('accepts start with autoAdvance', () => {
		expect(parseInput(timerInput, { action: 'start', seconds: 60, autoAdvance: true })).toEqual({
			action: 'start',
			seconds: 60,
			autoAdvance: true
		});
	});

	it('accepts extend with seconds', () => {
		expect(parseInput(timerInput, { action: 'extend', seconds: 60 })).toEqual({
			action: 'extend',
			seconds: 60
		});
	});

	it.each(['pause', 'resume', 'clear'])('accepts %s on its own', (action) => {
		expect(parseInput(timerInput, { action })).toEqual({ action });
	});

	it.each(['stop', 'reset', 'START', ''])('refuses the unknown action %j on action', (action) => {
		const error = refusal(timerInput, { action });
		expect(error.code).toBe('invalid_input');
		expect(error.fields?.action).toBe('action is one of start, pause, resume, extend, clear.');
	});

	it('refuses a command without an action', () => {
		expect(refusal(timerInput, { seconds: 60 }).fields).toHaveProperty('action');
	});

	it.each(['start', 'extend'])('requires seconds for %s', (action) => {
		const error = refusal(timerInput, { action });
		expect(Object.keys(error.fields ?? {})).toEqual(['seconds']);
	});

	it.each([0, -1, 1.5, 14_401, '60', null])('refuses %j seconds', (seconds) => {
		expect(refusal(timerInput, { action: 'start', seconds }).fields).toHaveProperty('seconds');
		expect(refusal(timerInput, { action: 'extend', seconds }).fields).toHaveProperty('seconds');
	});

	it('accepts 1 and 14400 seconds, the ends of the range', () => {
		expect(parseInput(timerInput, { action: 'start', seconds: 1 })).toMatchObject({ seconds: 1 });
		expect(parseInput(timerInput, { action: 'start', seconds: 14_400 })).toMatchObject({
			seconds: 14_400
		});
	});

	it.each(['pause', 'resume', 'clear'])('refuses seconds sent with %s', (action) => {
		const error = refusal(timerInput, { action, seconds: 60 });
		expect(error.code).toBe('invalid_input');
		expect(error.message).toContain('seconds');
	});

	it('refuses autoAdvance on extend, where it means nothing', () => {
		expect(
			refusal(timerInput, { action: 'extend', seconds: 60, autoAdvance: true }).message
		).toContain('autoAdvance');
	});

	it('refuses a non-boolean autoAdvance', () => {
		expect(
			refusal(timerInput, { action: 'start', seconds: 60, autoAdvance: 'yes' }).fields
		).toHaveProperty('autoAdvance');
	});
});

describe('noticeInput', () => {
	it('accepts a short notice', () => {
		expect(parseInput(noticeInput, { text: 'Ten minutes left!' })).toEqual({
			text: 'Ten minutes left!'
		});
	});

	it('accepts null, which takes the notice down', () => {
		expect(parseInput(noticeInput, { text: null })).toEqual({ text: null });
	});

	it('accepts exactly 280 characters', () => {
		const text = 'a'.repeat(280);
		expect(parseInput(noticeInput, { text })).toEqual({ text });
	});

	it('refuses 281 characters', () => {
		expect(refusal(noticeInput, { text: 'a'.repeat(281) }).fields?.text).toBe(
			'Keep the notice under 280 characters.'
		);
	});

	it('trims surrounding whitespace before counting', () => {
		const text = 'a'.repeat(280);
		expect(parseInput(noticeInput, { text: `  ${text}\n` })).toEqual({ text });
	});

	it('refuses a missing text and extra fields', () => {
		expect(refusal(noticeInput, {}).fields).toHaveProperty('text');
		expect(refusal(noticeInput, { text: 'hi', pinned: true }).code).toBe('invalid_input');
	});
});

describe('aggregateParticipants', () => {
	it('lists nobody when nobody is connected', () => {
		expect(aggregateParticipants([])).toEqual([]);
	});

	it('shows someone with two tabs once, as active if either tab is active', () => {
		const rows = aggregateParticipants([
			person('u1', { name: 'Ada', state: 'idle' }),
			person('u1', { name: 'Ada', state: 'active' })
		]);
		expect(rows).toEqual([person('u1', { name: 'Ada', state: 'active' })]);
	});

	it('prefers idle over away, whichever tab is listed first', () => {
		const idle = person('u1', { state: 'idle' });
		const away = person('u1', { state: 'away' });
		expect(aggregateParticipants([away, idle])).toEqual([idle]);
		expect(aggregateParticipants([idle, away])).toEqual([idle]);
	});

	it('prefers active over away, whichever tab is listed first', () => {
		const active = person('u1', { state: 'active' });
		const away = person('u1', { state: 'away' });
		expect(aggregateParticipants([away, active])).toEqual([active]);
		expect(aggregateParticipants([active, away])).toEqual([active]);
	});

	it('shows someone whose only tabs are away as away', () => {
		expect(
			aggregateParticipants([person('u1', { state: 'away' }), person('u1', { state: 'away' })])
		).toEqual([person('u1', { state: 'away' })]);
	});

	it('gives one row per person, sorted by name', () => {
		const rows = aggregateParticipants([
			person('u3', { name: 'Cy', state: 'away' }),
			person('u1', { name: 'Ada', state: 'idle' }),
			person('u2', { name: 'Bo', state: 'away' }),
			person('u1', { name: 'Ada', state: 'active' }),
			person('u2', { name: 'Bo', state: 'idle' }),
			person('u3', { name: 'Cy', state: 'away' })
		]);
		expect(rows.map((r) => [r.name, r.state])).toEqual([
			['Ada', 'active'],
			['Bo', 'idle'],
			['Cy', 'away']
		]);
	});

	it('keeps two different people who share a name apart, in a stable order', () => {
		const rows = aggregateParticipants([
			person('u2', { name: 'Sam' }),
			person('u1', { name: 'Sam' })
		]);
		expect(rows.map((r) => r.userId)).toEqual(['u1', 'u2']);
	});
});

describe('groupByTeam', () => {
	it('groups nobody into no groups', () => {
		expect(groupByTeam([])).toEqual([]);
	});

	it('puts the largest team first and people without a team last, however many they are', () => {
		const people = [
			person('a1', { teamId: 'team-a' }),
			person('n1'),
			person('b1', { teamId: 'team-b' }),
			person('c1', { teamId: 'team-c' }),
			person('n2'),
			person('b2', { teamId: 'team-b' }),
			person('c2', { teamId: 'team-c' }),
			person('n3'),
			person('b3', { teamId: 'team-b' }),
			person('n4')
		];
		const groups = groupByTeam(people);
		expect(groups.map((g) => [g.teamId, g.participants.length])).toEqual([
			['team-b', 3],
			['team-c', 2],
			['team-a', 1],
			[null, 4]
		]);
	});

	it('keeps the order people were given in within each group', () => {
		const groups = groupByTeam([
			person('b1', { teamId: 'team-b' }),
			person('n1'),
			person('b2', { teamId: 'team-b' })
		]);
		expect(groups).toEqual([
			{
				teamId: 'team-b',
				participants: [person('b1', { teamId: 'team-b' }), person('b2', { teamId: 'team-b' })]
			},
			{ teamId: null, participants: [person('n1')] }
		]);
	});

	it('puts people without a team last even when they come first', () => {
		const groups = groupByTeam([person('n1'), person('n2'), person('a1', { teamId: 'team-a' })]);
		expect(groups.map((g) => g.teamId)).toEqual(['team-a', null]);
	});

	it('puts everyone in exactly one group', () => {
		const people = [
			person('a1', { teamId: 'team-a' }),
			person('n1'),
			person('a2', { teamId: 'team-a' })
		];
		const grouped = groupByTeam(people).flatMap((g) => g.participants.map((p) => p.userId));
		expect(grouped.sort()).toEqual(['a1', 'a2', 'n1']);
	});
});
