import { describe, expect, it } from 'vitest';
import { decideVote, type BallotState } from '../../src/lib/shared/votes.ts';

const ballot = (over: Partial<BallotState> = {}): BallotState => ({
	budget: 5,
	spent: 0,
	cap: 3,
	onIdea: 0,
	...over
});

describe('decideVote', () => {
	it('adds a dot while budget and cap allow', () => {
		expect(decideVote(ballot({ spent: 4, onIdea: 2 }), 1)).toEqual({
			ok: true,
			spent: 5,
			onIdea: 3
		});
	});

	it('refuses the dot past the budget, even on an idea below the cap', () => {
		const decision = decideVote(ballot({ spent: 5, onIdea: 0 }), 1);
		expect(decision).toMatchObject({ ok: false, code: 'over_budget' });
	});

	it('refuses the dot past the cap on one idea while budget remains', () => {
		expect(decideVote(ballot({ spent: 3, onIdea: 3 }), 1)).toMatchObject({
			ok: false,
			code: 'idea_cap'
		});
	});

	it('names the budget first when both are reached', () => {
		expect(decideVote(ballot({ budget: 3, spent: 3, onIdea: 3 }), 1)).toMatchObject({
			code: 'over_budget'
		});
	});

	it('takes back a dot you gave, returning it to the budget', () => {
		expect(decideVote(ballot({ spent: 5, onIdea: 1 }), -1)).toEqual({
			ok: true,
			spent: 4,
			onIdea: 0
		});
	});

	it('refuses to take back a dot you did not give', () => {
		expect(decideVote(ballot({ spent: 2, onIdea: 0 }), -1)).toMatchObject({
			ok: false,
			code: 'no_dot'
		});
	});

	it('never leaves budget or cap however a sequence of casts runs', () => {
		let state = ballot({ budget: 4, cap: 2 });
		const onIdeas = [0, 0, 0];
		const sequence = [1, 1, 1, 1, -1, 1, 1, 1, -1, -1, 1, 1, 1] as const;
		sequence.forEach((delta, i) => {
			const idea = i % 3;
			const decision = decideVote({ ...state, onIdea: onIdeas[idea]! }, delta);
			if (!decision.ok) return;
			state = { ...state, spent: decision.spent };
			onIdeas[idea] = decision.onIdea;
			expect(state.spent).toBeLessThanOrEqual(state.budget);
			expect(decision.onIdea).toBeLessThanOrEqual(state.cap);
			expect(state.spent).toBe(onIdeas.reduce((a, b) => a + b, 0));
		});
	});
});
