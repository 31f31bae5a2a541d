import { describe, expect, it } from 'vitest';
import {
	commitmentFlags,
	DEFAULT_STALE_AFTER_DAYS,
	dueDateProblem,
	goToWarning,
	GO_TO_LIMIT,
	isCalendarDay,
	preselect,
	utcDay
} from '../../src/lib/shared/commitments.ts';
import { commitmentInput, commitmentPatch } from '../../src/lib/shared/commitment-input.ts';
import { toCommitment } from '../../src/lib/server/commitments/queries.ts';
import { refusal } from '../helpers/refusal.ts';

const NOW = Date.UTC(2027, 2, 15, 23, 30);

describe('the go-to guard', () => {
	it('stays quiet for someone with fewer than two open commitments', () => {
		expect(goToWarning('Ada', 0)).toBeNull();
		expect(goToWarning('Ada', GO_TO_LIMIT - 1)).toBeNull();
	});

	it('warns before handing a third open commitment, and any after it', () => {
		expect(goToWarning('Ada', 2)).toMatch(/^Ada already holds 2 open commitments/);
		expect(goToWarning('Ada', 5)).toMatch(/5 open commitments/);
	});
});

describe('due dates', () => {
	it('accepts only real days written YYYY-MM-DD', () => {
		expect(isCalendarDay('2028-02-29')).toBe(true);
		for (const bad of [
			'2027-02-29',
			'2027-13-01',
			'2027-3-1',
			'2027-03-01T00:00',
			'31/03/2027',
			''
		])
			expect(isCalendarDay(bad), bad).toBe(false);
	});

	it('takes today (UTC) but refuses yesterday', () => {
		expect(utcDay(NOW)).toBe('2027-03-15');
		expect(dueDateProblem('2027-03-15', NOW)).toBeNull();
		expect(dueDateProblem('2027-03-14', NOW)).toMatch(/in the past/);
	});

	describe('flags', () => {
		const DAY = 86_400_000;
		const fresh = { createdAt: NOW - DAY, lastCheckInAt: null };
		const flags = (c: Partial<Parameters<typeof commitmentFlags>[0]>, days?: number) =>
			commitmentFlags({ status: 'in_progress', dueDate: '2027-03-31', ...fresh, ...c }, NOW, days);

		it('flags an open commitment past its day as overdue, a delivered one never', () => {
			expect(flags({ status: 'committed', dueDate: '2027-03-14' })).toEqual(['overdue']);
			expect(flags({ status: 'delivered', dueDate: '2027-03-14' })).toEqual([]);
			expect(flags({ status: 'blocked', dueDate: '2027-03-15' })).toEqual(['blocked']);
		});

		it('is stale from 14 days without a check-in, not a day before', () => {
			expect(flags({ lastCheckInAt: NOW - 14 * DAY })).toEqual(['stale']);
			expect(flags({ lastCheckInAt: NOW - 14 * DAY + 1 })).toEqual([]);
			expect(DEFAULT_STALE_AFTER_DAYS).toBe(14);
		});

		it('counts a commitment never checked in from its creation', () => {
			expect(flags({ createdAt: NOW - 13 * DAY })).toEqual([]);
			expect(flags({ createdAt: NOW - 20 * DAY })).toEqual(['stale']);
			// a recent check-in on an old commitment keeps it fresh
			expect(flags({ createdAt: NOW - 90 * DAY, lastCheckInAt: NOW - DAY })).toEqual([]);
		});

		it('uses the organisation’s threshold when it sets one', () => {
			expect(flags({ lastCheckInAt: NOW - 3 * DAY }, 3)).toEqual(['stale']);
			expect(flags({ lastCheckInAt: NOW - 3 * DAY }, 30)).toEqual([]);
		});

		it('never calls a closed commitment stale, and a blocked overdue one carries all three', () => {
			expect(flags({ status: 'dropped', lastCheckInAt: NOW - 99 * DAY })).toEqual([]);
			expect(
				flags({ status: 'blocked', dueDate: '2027-03-01', lastCheckInAt: NOW - 20 * DAY })
			).toEqual(['overdue', 'stale', 'blocked']);
		});
	});
});

describe('preselecting the winners', () => {
	const ranked = (dots: number[]) =>
		dots.map((d, i) => ({ id: `i${i}`, dots: d, rank: dots.indexOf(d) + 1 }));

	it('takes the first ones of the ranking', () => {
		expect(preselect(ranked([5, 4, 3, 1]), 3)).toEqual({
			picked: ranked([5, 4, 3, 1]).slice(0, 3),
			tiedAtCut: []
		});
	});

	it('names the tie that straddles the cut, so the facilitator breaks it', () => {
		const ideas = ranked([5, 3, 3, 3, 1]);
		const { picked, tiedAtCut } = preselect(ideas, 3);
		expect(picked.map((i) => i.id)).toEqual(['i0', 'i1', 'i2']);
		expect(tiedAtCut.map((i) => i.id)).toEqual(['i1', 'i2', 'i3']);
	});

	it('sees no tie among ideas without dots or inside the cut', () => {
		expect(preselect(ranked([5, 0, 0, 0]), 2).tiedAtCut).toEqual([]);
		expect(preselect(ranked([5, 4, 4, 1]), 3).tiedAtCut).toEqual([]);
	});
});

describe('commitment input', () => {
	const valid = {
		ideaId: 'i1',
		title: '  Pilot  ',
		ownerId: 'u1',
		dueDate: '2027-06-30',
		metric: { name: 'Hours', unit: 'h', baseline: 72, target: 24 },
		kind: 'pilot',
		nextStep: 'Kickoff'
	};

	it('trims text and defaults the description; the sponsor stays unset for the service', () => {
		const parsed = commitmentInput.parse(valid);
		expect(parsed).toMatchObject({ title: 'Pilot', description: '' });
		expect(parsed.sponsorId).toBeUndefined();
	});

	it('refuses each bad field with a message that names it', () => {
		expect(refusal(commitmentInput, { ...valid, dueDate: '2027-02-30' }).fields).toHaveProperty(
			'dueDate'
		);
		expect(
			refusal(commitmentInput, { ...valid, metric: { ...valid.metric, target: Infinity } }).fields
		).toHaveProperty('metric.target');
		expect(refusal(commitmentInput, { ...valid, kind: 'idea' }).message).toBe(
			'The kind is pilot or rollout.'
		);
		expect(refusal(commitmentInput, { ...valid, nextStep: '' }).fields).toHaveProperty('nextStep');
		expect(refusal(commitmentInput, { ...valid, status: 'delivered' }).message).toMatch(
			/Unknown field: status/
		);
	});

	it('patches only the commitment’s own fields, at least one', () => {
		expect(commitmentPatch.parse({ sponsorId: null })).toEqual({ sponsorId: null });
		expect(refusal(commitmentPatch, {}).message).toMatch(/at least one field/);
		expect(refusal(commitmentPatch, { status: 'delivered' }).message).toMatch(/status/);
	});
});

describe('a commitment as the API shows it', () => {
	const row = {
		id: 'k1',
		ideaId: 'i1',
		sessionId: 's1',
		challengeId: 'c1',
		title: 'Pilot',
		description: '',
		ownerId: 'u1',
		sponsorId: null,
		dueDate: '2027-03-14',
		metricName: 'Hours',
		metricUnit: 'h',
		metricBaseline: 72,
		metricTarget: 24,
		kind: 'pilot' as const,
		nextStep: 'Kickoff',
		parentId: null,
		comparisonGroup: null,
		decision: null,
		decisionReason: null,
		decidedAt: null,
		status: 'committed' as const,
		createdBy: 'u9',
		createdAt: new Date(NOW),
		updatedAt: new Date(NOW)
	};
	const stored = { row, contributorIds: ['u2', 'u3'], lastCheckInAt: null, staleAfterDays: 14 };

	it('credits the idea’s authors and flags it overdue past its day', () => {
		expect(toCommitment(stored, 'u1', false, NOW)).toMatchObject({
			contributorIds: ['u2', 'u3'],
			metric: { name: 'Hours', unit: 'h', baseline: 72, target: 24 },
			flags: ['overdue']
		});
	});

	it('on an anonymous challenge shows a viewer only themselves among the contributors', () => {
		expect(toCommitment(stored, 'u3', true, NOW).contributorIds).toEqual(['u3']);
		expect(toCommitment(stored, 'u1', true, NOW).contributorIds).toEqual([]);
		expect(toCommitment(stored, '', true, NOW).contributorIds).toEqual([]);
	});
});
