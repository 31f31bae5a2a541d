import { describe, expect, it } from 'vitest';
import {
	decisionProblem,
	followUpKind,
	metricSeries,
	nextStatuses,
	statusTransition
} from '../../src/lib/shared/commitment-lifecycle.ts';
import { checkInInput, decisionInput } from '../../src/lib/shared/commitment-input.ts';
import { COMMITMENT_STATUSES, type CommitmentStatus } from '../../src/lib/shared/commitments.ts';

describe('the status machine', () => {
	const open: CommitmentStatus[] = ['committed', 'in_progress', 'blocked'];

	it('moves an open commitment to any other open state but committed', () => {
		expect(statusTransition('committed', 'in_progress', false)).toEqual({
			ok: true,
			changed: true
		});
		expect(statusTransition('in_progress', 'blocked', false)).toEqual({ ok: true, changed: true });
		expect(statusTransition('blocked', 'in_progress', false)).toEqual({ ok: true, changed: true });
		expect(statusTransition('blocked', 'committed', false)).toMatchObject({
			ok: false,
			code: 'conflict'
		});
		expect(statusTransition('in_progress', 'committed', false)).toMatchObject({ ok: false });
	});

	it('takes a check-in that keeps the status as no change', () => {
		for (const from of open)
			expect(statusTransition(from, from, false)).toEqual({ ok: true, changed: false });
	});

	it('closes only with a debrief on file', () => {
		for (const from of open) {
			for (const to of ['delivered', 'dropped'] as const) {
				expect(statusTransition(from, to, false)).toMatchObject({
					ok: false,
					code: 'debrief_required'
				});
				expect(statusTransition(from, to, true)).toEqual({ ok: true, changed: true });
			}
		}
	});

	it('keeps a closed commitment closed, whatever the check-in says', () => {
		for (const from of ['delivered', 'dropped'] as const) {
			for (const to of COMMITMENT_STATUSES) {
				expect(statusTransition(from, to, true)).toMatchObject({ ok: false, code: 'conflict' });
			}
			expect(nextStatuses(from)).toEqual([]);
		}
	});

	it('offers the form exactly what the machine accepts', () => {
		for (const from of COMMITMENT_STATUSES) {
			const offered = nextStatuses(from);
			for (const to of COMMITMENT_STATUSES) {
				expect(offered.includes(to), `${from} → ${to}`).toBe(statusTransition(from, to, true).ok);
			}
		}
	});
});

describe('how a pilot ends', () => {
	const pilot = { kind: 'pilot' as const, status: 'delivered' as const, decided: false };

	it('scales, iterates or stops a delivered pilot', () => {
		for (const d of ['scale', 'iterate', 'stop'] as const)
			expect(decisionProblem(pilot, d)).toBeNull();
	});

	it('does not scale a dropped pilot, but iterates or stops it', () => {
		const dropped = { ...pilot, status: 'dropped' as const };
		expect(decisionProblem(dropped, 'scale')?.message).toMatch(/delivered pilot/);
		expect(decisionProblem(dropped, 'iterate')).toBeNull();
		expect(decisionProblem(dropped, 'stop')).toBeNull();
	});

	it('decides once, only a pilot, only after it is closed', () => {
		expect(decisionProblem({ ...pilot, decided: true }, 'stop')?.message).toMatch(/already/);
		expect(decisionProblem({ ...pilot, kind: 'rollout' }, 'stop')?.message).toMatch(/Only a pilot/);
		expect(decisionProblem({ ...pilot, status: 'in_progress' }, 'scale')?.message).toMatch(
			/before deciding/
		);
	});

	it('starts a rollout on scale, another pilot on iterate, nothing on stop', () => {
		expect(followUpKind('scale')).toBe('rollout');
		expect(followUpKind('iterate')).toBe('pilot');
		expect(followUpKind('stop')).toBeNull();
	});

	it('needs a decision from the list and a reason', () => {
		expect(decisionInput.safeParse({ decision: 'scale', reason: 'Worked' }).success).toBe(true);
		expect(decisionInput.safeParse({ decision: 'grow', reason: 'Worked' }).success).toBe(false);
		expect(decisionInput.safeParse({ decision: 'stop', reason: '  ' }).success).toBe(false);
	});
});

describe('the metric series the chart draws', () => {
	const at = (day: number) => Date.UTC(2027, 0, day);

	it('orders check-ins by time and leaves out those without a value', () => {
		const series = metricSeries([
			{ createdAt: at(9), metricActual: 50, comparisonActual: null },
			{ createdAt: at(2), metricActual: 70, comparisonActual: null },
			{ createdAt: at(5), metricActual: null, comparisonActual: null }
		]);
		expect(series.points).toEqual([
			{ at: at(2), actual: 70, comparison: null },
			{ at: at(9), actual: 50, comparison: null }
		]);
		expect(series.comparison).toBeNull();
	});

	it('sets the pilot’s change against the comparison’s over the same check-ins', () => {
		const series = metricSeries([
			{ createdAt: at(1), metricActual: 72, comparisonActual: null },
			{ createdAt: at(3), metricActual: 70, comparisonActual: 71 },
			{ createdAt: at(10), metricActual: 40, comparisonActual: 66 },
			{ createdAt: at(20), metricActual: 38, comparisonActual: null }
		]);
		// from day 3 to day 10: the pilot fell 30, the comparison 5, so the change made 25 of it
		expect(series.comparison).toEqual({
			from: at(3),
			to: at(10),
			pilotChange: -30,
			comparisonChange: -5,
			difference: -25
		});
	});

	it('has no comparison from a single paired check-in', () => {
		expect(
			metricSeries([{ createdAt: at(1), metricActual: 5, comparisonActual: 6 }]).comparison
		).toBeNull();
	});
});

describe('a check-in as the API takes it', () => {
	const ok = { status: 'in_progress', note: 'Two customers live', confidence: 4 };

	it('takes confidence 1 to 5, whole numbers only', () => {
		expect(checkInInput.safeParse(ok).success).toBe(true);
		for (const confidence of [0, 6, 2.5, '3']) {
			expect(checkInInput.safeParse({ ...ok, confidence }).success, String(confidence)).toBe(false);
		}
	});

	it('takes a finite number or nothing as the metric actual', () => {
		expect(checkInInput.safeParse({ ...ok, metricActual: 41.5 }).success).toBe(true);
		expect(checkInInput.safeParse({ ...ok, metricActual: null }).success).toBe(true);
		expect(checkInInput.safeParse({ ...ok, metricActual: '41' }).success).toBe(false);
		expect(checkInInput.safeParse({ ...ok, comparisonActual: 'x' }).success).toBe(false);
	});

	it('needs a note and a known status', () => {
		expect(checkInInput.safeParse({ ...ok, note: '' }).success).toBe(false);
		expect(checkInInput.safeParse({ ...ok, status: 'done' }).success).toBe(false);
	});
});
