import { describe, expect, it } from 'vitest';
import { debriefInput, practiceQuery } from '../../src/lib/shared/debrief-input.ts';
import { valueClaimInput, valueReviewInput } from '../../src/lib/shared/value-input.ts';
import { parseInput } from '../../src/lib/shared/validate.ts';
import { refusal } from '../helpers/refusal.ts';

const debrief = {
	outcome: 'delivered',
	whatWorked: 'Pairing new customers with an engineer',
	whatDidnt: 'Email reminders',
	lessons: 'Start with the ten largest accounts',
	objective: 'Customers live in one day',
	situation: 'B2B onboarding, 40 new accounts a month',
	people: 'Payments and Growth'
};

describe('debriefInput', () => {
	it('accepts a complete debrief and trims it', () => {
		expect(parseInput(debriefInput, { ...debrief, lessons: '  Start small  ' }).lessons).toBe(
			'Start small'
		);
	});

	it('names every empty field, blanks included', () => {
		const error = refusal(debriefInput, { ...debrief, situation: '   ', people: '' });
		expect(error.code).toBe('invalid_input');
		expect(Object.keys(error.fields!)).toEqual(['situation', 'people']);
		expect(error.fields!.people).toMatch(/People and teams involved is required/);
	});

	it('refuses an outcome other than delivered or dropped, and unknown fields', () => {
		expect(refusal(debriefInput, { ...debrief, outcome: 'done' }).fields).toHaveProperty('outcome');
		expect(refusal(debriefInput, { ...debrief, extra: 1 }).fields!._).toMatch(/Unknown field/);
	});

	it('refuses text over its limit', () => {
		const error = refusal(debriefInput, { ...debrief, objective: 'x'.repeat(1001) });
		expect(error.fields!.objective).toMatch(/at most 1000/);
	});
});

describe('practiceQuery', () => {
	it('treats empty parameters as no filter', () => {
		expect(parseInput(practiceQuery, { q: '', team: '', quarter: '', outcome: '' })).toEqual({});
	});

	it('refuses a malformed quarter', () => {
		expect(refusal(practiceQuery, { quarter: '2027Q1' }).fields).toHaveProperty('quarter');
	});
});

describe('value inputs', () => {
	it('needs an amount or a metric change, and evidence', () => {
		expect(refusal(valueClaimInput, { evidence: 'Report' }).fields).toHaveProperty('amountMinor');
		expect(refusal(valueClaimInput, { amountMinor: 100, evidence: ' ' }).fields).toHaveProperty(
			'evidence'
		);
		expect(parseInput(valueClaimInput, { metricDelta: -2.5, evidence: 'Dashboard' })).toEqual({
			amountMinor: null,
			metricDelta: -2.5,
			evidence: 'Dashboard'
		});
	});

	it('takes money only as whole minor units', () => {
		expect(
			refusal(valueClaimInput, { amountMinor: 10.5, evidence: 'x' }).fields!.amountMinor
		).toMatch(/whole number/);
	});

	it('asks a questioning sponsor to say why', () => {
		expect(refusal(valueReviewInput, { verdict: 'questioned' }).fields).toHaveProperty('note');
		expect(parseInput(valueReviewInput, { verdict: 'confirmed' })).toEqual({
			verdict: 'confirmed',
			note: ''
		});
	});
});
