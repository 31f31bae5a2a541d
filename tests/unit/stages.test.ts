import { describe, it, expect } from 'vitest';
import {
	STAGES,
	STAGE_INFO,
	canEnd,
	decideStage,
	nextStage,
	previousStage,
	type Stage,
	type StageRefusal
} from '../../src/lib/shared/stages.ts';

type Expected = 'ok' | StageRefusal;

const ok = 'ok';
const same = 'same_stage';
const skip = 'skips_ahead';
const back = 'back_too_far';
const ended = 'session_closed';

/**
 * Every (from, to) pair, written out by hand rather than derived, so the table is a second
 * opinion on the stage machine and not a copy of it. Rows are `from`, columns are `to`, both in
 * the order lobby, diverge, cluster, vote, commit, closed.
 */
const TABLE: Record<Stage, Record<Stage, Expected>> = {
	lobby: { lobby: same, diverge: ok, cluster: skip, vote: skip, commit: skip, closed: skip },
	diverge: { lobby: ok, diverge: same, cluster: ok, vote: skip, commit: skip, closed: skip },
	cluster: { lobby: back, diverge: ok, cluster: same, vote: ok, commit: skip, closed: skip },
	vote: { lobby: back, diverge: back, cluster: ok, vote: same, commit: ok, closed: skip },
	commit: { lobby: back, diverge: back, cluster: back, vote: ok, commit: same, closed: skip },
	closed: {
		lobby: ended,
		diverge: ended,
		cluster: ended,
		vote: ended,
		commit: ended,
		closed: ended
	}
};

const PAIRS = STAGES.flatMap((from) =>
	STAGES.map((to) => ({ from, to, expected: TABLE[from][to] }))
);

/** A sentence for a person: starts with a capital, ends with a full stop, carries no code. */
function expectHumanSentence(message: string) {
	expect(message).toMatch(/^[A-Z].*[.!]$/);
	expect(message).not.toMatch(/_/);
}

describe('decideStage', () => {
	it('has a table entry for all 36 pairs of the six stages', () => {
		expect(STAGES).toEqual(['lobby', 'diverge', 'cluster', 'vote', 'commit', 'closed']);
		expect(PAIRS).toHaveLength(36);
	});

	it.each(PAIRS.filter((p) => p.expected === 'ok'))(
		'allows moving from $from to $to',
		({ from, to }) => {
			expect(decideStage(from, to)).toEqual({ ok: true, to });
		}
	);

	it.each(PAIRS.filter((p) => p.expected !== 'ok'))(
		'refuses moving from $from to $to because of $expected',
		({ from, to, expected }) => {
			const decision = decideStage(from, to);
			expect(decision.ok).toBe(false);
			if (decision.ok) return;
			expect(decision.reason).toBe(expected);
			expectHumanSentence(decision.message);
		}
	);

	it('allows exactly eight moves: four steps forward and four steps back', () => {
		const allowed = PAIRS.filter(({ from, to }) => decideStage(from, to).ok).map(
			({ from, to }) => `${from}->${to}`
		);
		expect(allowed.sort()).toEqual(
			[
				'lobby->diverge',
				'diverge->cluster',
				'cluster->vote',
				'vote->commit',
				'diverge->lobby',
				'cluster->diverge',
				'vote->cluster',
				'commit->vote'
			].sort()
		);
	});

	it('never reaches closed by stepping, not even from commit', () => {
		for (const from of STAGES) expect(decideStage(from, 'closed').ok).toBe(false);
		expect(decideStage('commit', 'closed')).toMatchObject({ ok: false, reason: 'skips_ahead' });
	});

	it('names the stage to go to first when a step skips ahead', () => {
		const decision = decideStage('lobby', 'vote');
		expect(decision).toMatchObject({ ok: false, reason: 'skips_ahead' });
		if (!decision.ok) expect(decision.message).toContain(STAGE_INFO.diverge.label);
	});

	it('names the current stage when asked to move to it', () => {
		const decision = decideStage('cluster', 'cluster');
		expect(decision).toMatchObject({ ok: false, reason: 'same_stage' });
		if (!decision.ok) expect(decision.message).toContain(STAGE_INFO.cluster.label);
	});
});

describe('canEnd', () => {
	it.each(STAGES.filter((s) => s !== 'closed'))('lets a session in %s be ended', (stage) => {
		expect(canEnd(stage)).toBe(true);
	});

	it('does not let a closed session be ended again', () => {
		expect(canEnd('closed')).toBe(false);
	});
});

describe.each([
	{
		name: 'nextStage',
		step: nextStage,
		inOrder: 'steps forward through the workshop in order',
		steps: [
			['lobby', 'diverge'],
			['diverge', 'cluster'],
			['cluster', 'vote'],
			['vote', 'commit']
		],
		ends: [
			['commit', 'has nothing after commit, because closing is ending, not stepping'],
			['closed', 'has nothing after closed']
		]
	},
	{
		name: 'previousStage',
		step: previousStage,
		inOrder: 'steps back one stage at a time',
		steps: [
			['diverge', 'lobby'],
			['cluster', 'diverge'],
			['vote', 'cluster'],
			['commit', 'vote']
		],
		ends: [
			['lobby', 'has nothing before the lobby'],
			['closed', 'has nothing to go back to from a closed session']
		]
	}
] satisfies {
	name: string;
	step: (stage: Stage) => Stage | null;
	inOrder: string;
	steps: [Stage, Stage][];
	ends: [Stage, string][];
}[])('$name', ({ step, inOrder, steps, ends }) => {
	it(inOrder, () => {
		for (const [from, to] of steps) expect(step(from)).toBe(to);
	});

	for (const [stage, rule] of ends)
		it(rule, () => {
			expect(step(stage)).toBeNull();
		});

	it('only ever names a stage that decideStage allows', () => {
		for (const stage of STAGES) {
			const other = step(stage);
			if (other !== null) expect(decideStage(stage, other).ok).toBe(true);
		}
	});
});

describe('STAGE_INFO', () => {
	it.each(STAGES)('gives %s a label and instructions written as sentences', (stage) => {
		const { label, instructions } = STAGE_INFO[stage];
		expect(label).toMatch(/^[A-Z]/);
		expect(label.toLowerCase()).toBe(stage);
		expect(instructions.length).toBeGreaterThan(20);
		expectHumanSentence(instructions);
	});

	it('describes no stage that the machine does not know', () => {
		expect(Object.keys(STAGE_INFO).sort()).toEqual([...STAGES].sort());
	});
});
