// Long because src/lib/shared/timer.ts decides every timer action in every state, and each edge
// (start while running, extend past 4 h, a finished timer, clock offsets) has its own case here.
import { describe, it, expect } from 'vitest';
import {
	IDLE_TIMER,
	applyTimer,
	estimateClockOffset,
	fastestSample,
	remainingAt,
	timerPhase,
	viewTimer,
	type StoredTimer,
	type TimerAction,
	type TimerView
} from '../../src/lib/shared/timer.ts';
import { MAX_TIMER_MS, MAX_TIMER_SECONDS } from '../../src/lib/shared/limits.ts';

/** An arbitrary server clock reading; every test moves time by adding to it. */
const T0 = 1_700_000_000_000;
const SECOND = 1000;

/** Applies a command that must be accepted and returns the stored timer. */
function apply(timer: StoredTimer, command: TimerAction, now: number): StoredTimer {
	const decision = applyTimer(timer, command, now);
	if (!decision.ok)
		throw new Error(`expected ${command.action} to be accepted: ${decision.message}`);
	return decision.timer;
}

/** Applies a command that must be refused and returns the refusal. */
function refuse(timer: StoredTimer, command: TimerAction, now: number) {
	const decision = applyTimer(timer, command, now);
	if (decision.ok) throw new Error(`expected ${command.action} to be refused`);
	return decision;
}

const running300 = () => apply(IDLE_TIMER, { action: 'start', seconds: 300 }, T0);
const paused = () => apply(running300(), { action: 'pause' }, T0 + 100 * SECOND);
/** A 300 s timer looked at after it ran out. */
const AFTER_END = T0 + 301 * SECOND;

/** A stored timer running until `endsAt`, `durationMs` long in all. */
const runningTimer = (endsAt: number, durationMs: number): StoredTimer => ({
	state: 'running',
	endsAt,
	remainingMs: null,
	durationMs,
	autoAdvance: false
});

/** A stored paused timer with `remainingMs` left of `durationMs`. */
const pausedTimer = (remainingMs: number, durationMs: number): StoredTimer => ({
	state: 'paused',
	endsAt: null,
	remainingMs,
	durationMs,
	autoAdvance: false
});

describe('applyTimer: start', () => {
	it('starts an idle timer that ends the given number of seconds from now', () => {
		expect(apply(IDLE_TIMER, { action: 'start', seconds: 300 }, T0)).toEqual(
			runningTimer(T0 + 300_000, 300_000)
		);
	});

	it('remembers that the stage should advance when the timer ends, if asked', () => {
		const timer = apply(IDLE_TIMER, { action: 'start', seconds: 60, autoAdvance: true }, T0);
		expect(timer.autoAdvance).toBe(true);
	});

	it('refuses to start while a timer is running', () => {
		const refusal = refuse(running300(), { action: 'start', seconds: 60 }, T0 + SECOND);
		expect(refusal.code).toBe('conflict');
		expect(refusal.message).toMatch(/^[A-Z].*\.$/);
	});

	it('refuses to start while a timer is paused', () => {
		expect(refuse(paused(), { action: 'start', seconds: 60 }, T0 + 200 * SECOND).code).toBe(
			'conflict'
		);
	});

	it('starts a fresh timer once the previous one is done', () => {
		const timer = apply(running300(), { action: 'start', seconds: 60 }, AFTER_END);
		expect(timer).toEqual(runningTimer(AFTER_END + 60_000, 60_000));
	});

	it.each([0, -1, 1.5, 14_401, Number.NaN, Number.POSITIVE_INFINITY])(
		'refuses %s seconds as invalid input',
		(seconds) => {
			const refusal = refuse(IDLE_TIMER, { action: 'start', seconds }, T0);
			expect(refusal.code).toBe('invalid_input');
			expect(refusal.message).toContain(String(MAX_TIMER_SECONDS));
		}
	);

	it('accepts the shortest timer, 1 second', () => {
		expect(apply(IDLE_TIMER, { action: 'start', seconds: 1 }, T0).endsAt).toBe(T0 + 1000);
	});

	it('accepts the longest timer, 4 hours (14400 seconds)', () => {
		const timer = apply(IDLE_TIMER, { action: 'start', seconds: 14_400 }, T0);
		expect(timer.endsAt).toBe(T0 + MAX_TIMER_MS);
		expect(timer.durationMs).toBe(4 * 60 * 60 * 1000);
	});

	it('does not change the timer it was given', () => {
		const before = running300();
		const copy = structuredClone(before);
		apply(before, { action: 'pause' }, T0 + SECOND);
		apply(before, { action: 'extend', seconds: 60 }, T0 + SECOND);
		expect(before).toEqual(copy);
	});
});

describe('applyTimer: pause and resume', () => {
	it('pauses a running timer, keeping the time it had left', () => {
		expect(paused()).toEqual(pausedTimer(200_000, 300_000));
	});

	it('resumes a paused timer so it ends the remaining time after the resume', () => {
		const resumed = apply(paused(), { action: 'resume' }, T0 + 1000 * SECOND);
		expect(resumed).toEqual(runningTimer(T0 + 1000 * SECOND + 200_000, 300_000));
	});

	it('keeps autoAdvance through a pause and a resume', () => {
		let timer = apply(IDLE_TIMER, { action: 'start', seconds: 60, autoAdvance: true }, T0);
		timer = apply(timer, { action: 'pause' }, T0 + SECOND);
		expect(timer.autoAdvance).toBe(true);
		timer = apply(timer, { action: 'resume' }, T0 + 2 * SECOND);
		expect(timer.autoAdvance).toBe(true);
	});

	it('refuses to pause an idle timer', () => {
		expect(refuse(IDLE_TIMER, { action: 'pause' }, T0).code).toBe('conflict');
	});

	it('refuses to pause a paused timer', () => {
		expect(refuse(paused(), { action: 'pause' }, T0 + 200 * SECOND).code).toBe('conflict');
	});

	it('refuses to pause a timer that is already done', () => {
		expect(refuse(running300(), { action: 'pause' }, AFTER_END).code).toBe('conflict');
	});

	it('refuses to resume an idle timer', () => {
		expect(refuse(IDLE_TIMER, { action: 'resume' }, T0).code).toBe('conflict');
	});

	it('refuses to resume a running timer', () => {
		expect(refuse(running300(), { action: 'resume' }, T0 + SECOND).code).toBe('conflict');
	});

	it('refuses to resume a timer that is done', () => {
		expect(refuse(running300(), { action: 'resume' }, AFTER_END).code).toBe('conflict');
	});
});

describe('applyTimer: extend', () => {
	it('moves the end of a running timer and its duration by 60 seconds', () => {
		const timer = apply(running300(), { action: 'extend', seconds: 60 }, T0 + 10 * SECOND);
		expect(timer).toEqual(runningTimer(T0 + 360_000, 360_000));
	});

	it('moves the end of a running timer and its duration by 300 seconds', () => {
		const timer = apply(running300(), { action: 'extend', seconds: 300 }, T0 + 10 * SECOND);
		expect(timer.endsAt).toBe(T0 + 600_000);
		expect(timer.durationMs).toBe(600_000);
	});

	it('adds to the time left of a paused timer and keeps it paused', () => {
		const timer = apply(paused(), { action: 'extend', seconds: 60 }, T0 + 500 * SECOND);
		expect(timer).toEqual(pausedTimer(260_000, 360_000));
	});

	it('restarts a done timer, running for just the extension', () => {
		const timer = apply(running300(), { action: 'extend', seconds: 60 }, AFTER_END);
		expect(timer).toEqual(runningTimer(AFTER_END + 60_000, 360_000));
	});

	it('allows extending up to exactly 4 hours left', () => {
		const full = apply(IDLE_TIMER, { action: 'start', seconds: 14_400 }, T0);
		const timer = apply(full, { action: 'extend', seconds: 60 }, T0 + 60 * SECOND);
		expect(viewTimer(timer, T0 + 60 * SECOND).remainingMs).toBe(MAX_TIMER_MS);
	});

	it('refuses an extension that would leave more than 4 hours on a running timer', () => {
		const full = apply(IDLE_TIMER, { action: 'start', seconds: 14_400 }, T0);
		const refusal = refuse(full, { action: 'extend', seconds: 61 }, T0 + 60 * SECOND);
		expect(refusal.code).toBe('invalid_input');
		expect(refusal.message).toMatch(/4 hours/);
	});

	it('refuses an extension that would leave more than 4 hours on a paused timer', () => {
		const full = apply(IDLE_TIMER, { action: 'start', seconds: 14_400 }, T0);
		const pausedFull = apply(full, { action: 'pause' }, T0);
		expect(refuse(pausedFull, { action: 'extend', seconds: 1 }, T0 + 999 * SECOND).code).toBe(
			'invalid_input'
		);
	});

	it.each([0, -60, 2.5, 14_401, Number.NaN])('refuses extending by %s seconds', (seconds) => {
		expect(refuse(running300(), { action: 'extend', seconds }, T0 + SECOND).code).toBe(
			'invalid_input'
		);
	});

	it('refuses to extend an idle timer', () => {
		expect(refuse(IDLE_TIMER, { action: 'extend', seconds: 60 }, T0).code).toBe('conflict');
	});
});

describe('applyTimer: clear', () => {
	it('clears a running timer back to idle', () => {
		expect(apply(running300(), { action: 'clear' }, T0 + SECOND)).toEqual(IDLE_TIMER);
	});

	it('clears a paused timer back to idle', () => {
		expect(apply(paused(), { action: 'clear' }, T0 + 200 * SECOND)).toEqual(IDLE_TIMER);
	});

	it('clears a done timer back to idle, dropping autoAdvance', () => {
		const timer = apply(IDLE_TIMER, { action: 'start', seconds: 60, autoAdvance: true }, T0);
		expect(apply(timer, { action: 'clear' }, T0 + 61 * SECOND)).toEqual({
			state: 'idle',
			endsAt: null,
			remainingMs: null,
			durationMs: null,
			autoAdvance: false
		});
	});

	it('refuses to clear a timer that is already idle', () => {
		expect(refuse(IDLE_TIMER, { action: 'clear' }, T0).code).toBe('conflict');
	});
});

describe('viewTimer', () => {
	it('shows an idle timer with nothing left and no end', () => {
		expect(viewTimer(IDLE_TIMER, T0)).toEqual({
			state: 'idle',
			endsAt: null,
			remainingMs: 0,
			durationMs: 0,
			autoAdvance: false
		});
	});

	it('shows a running timer with its end and the time left at that moment', () => {
		expect(viewTimer(running300(), T0 + 40 * SECOND)).toEqual({
			state: 'running',
			endsAt: T0 + 300_000,
			remainingMs: 260_000,
			durationMs: 300_000,
			autoAdvance: false
		});
	});

	it('shows a running timer one millisecond before its end as still running', () => {
		expect(viewTimer(running300(), T0 + 300_000 - 1)).toMatchObject({
			state: 'running',
			remainingMs: 1
		});
	});

	it('shows a running timer at its end as done with nothing left', () => {
		expect(viewTimer(running300(), T0 + 300_000)).toMatchObject({ state: 'done', remainingMs: 0 });
	});

	it('shows a running timer long past its end as done with nothing left, never negative', () => {
		expect(viewTimer(running300(), T0 + 10_000 * SECOND)).toMatchObject({
			state: 'done',
			remainingMs: 0,
			durationMs: 300_000
		});
	});

	it('shows a paused timer with no end time and the time it had left, however late', () => {
		expect(viewTimer(paused(), T0 + 1_000_000 * SECOND)).toEqual({
			state: 'paused',
			endsAt: null,
			remainingMs: 200_000,
			durationMs: 300_000,
			autoAdvance: false
		});
	});
});

describe('a long sequence of commands', () => {
	it('keeps the arithmetic exact through start, pause, resume, extend, pause, extend, resume', () => {
		// start 300 s at T0: ends at T0 + 300 s.
		let timer = apply(IDLE_TIMER, { action: 'start', seconds: 300 }, T0);
		expect(viewTimer(timer, T0 + 100 * SECOND).remainingMs).toBe(200_000);

		// pause at +100 s: 200 s left.
		timer = apply(timer, { action: 'pause' }, T0 + 100 * SECOND);
		expect(timer.remainingMs).toBe(200_000);

		// resume at +1000 s (the 900 s pause does not count): ends at +1200 s.
		timer = apply(timer, { action: 'resume' }, T0 + 1000 * SECOND);
		expect(timer.endsAt).toBe(T0 + 1200 * SECOND);

		// extend 60 at +1050 s: 150 s were left, now 210 s, ending at +1260 s.
		timer = apply(timer, { action: 'extend', seconds: 60 }, T0 + 1050 * SECOND);
		expect(timer.endsAt).toBe(T0 + 1260 * SECOND);
		expect(timer.durationMs).toBe(360_000);

		// pause at +1100 s: 160 s left.
		timer = apply(timer, { action: 'pause' }, T0 + 1100 * SECOND);
		expect(timer.remainingMs).toBe(160_000);

		// extend 300 while paused: 460 s left, 660 s in all.
		timer = apply(timer, { action: 'extend', seconds: 300 }, T0 + 2000 * SECOND);
		expect(timer).toMatchObject({ state: 'paused', remainingMs: 460_000, durationMs: 660_000 });

		// resume at +4000 s: ends at +4460 s.
		timer = apply(timer, { action: 'resume' }, T0 + 4000 * SECOND);
		expect(timer.endsAt).toBe(T0 + 4460 * SECOND);
		expect(viewTimer(timer, T0 + 4460 * SECOND - 1)).toMatchObject({
			state: 'running',
			remainingMs: 1
		});
		expect(viewTimer(timer, T0 + 4460 * SECOND)).toMatchObject({ state: 'done', remainingMs: 0 });

		// extend 60 after it is done, at +5000 s: runs again until +5060 s, 720 s in all.
		timer = apply(timer, { action: 'extend', seconds: 60 }, T0 + 5000 * SECOND);
		expect(timer).toEqual(runningTimer(T0 + 5060 * SECOND, 720_000));
	});

	it('keeps millisecond-exact time left across pauses that fall between whole seconds', () => {
		let timer = apply(IDLE_TIMER, { action: 'start', seconds: 10 }, T0);
		timer = apply(timer, { action: 'pause' }, T0 + 1_234);
		timer = apply(timer, { action: 'resume' }, T0 + 50_001);
		timer = apply(timer, { action: 'pause' }, T0 + 50_001 + 4_321);
		expect(timer.remainingMs).toBe(10_000 - 1_234 - 4_321);
	});
});

describe('estimateClockOffset', () => {
	it('assumes no offset when there are no samples', () => {
		expect(estimateClockOffset([])).toBe(0);
	});

	it('assumes the server read its clock halfway through the round trip', () => {
		expect(estimateClockOffset([{ sentAt: 1_000, serverNow: 5_600, receivedAt: 1_200 }])).toBe(
			5_600 - 1_100
		);
	});

	it('gives a negative offset when the client clock runs ahead of the server', () => {
		expect(estimateClockOffset([{ sentAt: 9_000, serverNow: 4_050, receivedAt: 9_100 }])).toBe(
			-5_000
		);
	});

	it('trusts the sample with the shortest round trip, wherever it is in the list', () => {
		const slow = { sentAt: 1_000, serverNow: 5_600, receivedAt: 1_200 }; // 200 ms, offset 4500
		const fast = { sentAt: 2_000, serverNow: 6_530, receivedAt: 2_040 }; // 40 ms, offset 4510
		const slower = { sentAt: 3_000, serverNow: 7_000, receivedAt: 3_400 }; // 400 ms, offset 3800
		expect(estimateClockOffset([slow, fast, slower])).toBe(4_510);
		expect(estimateClockOffset([fast, slow, slower])).toBe(4_510);
		expect(estimateClockOffset([slower, slow, fast])).toBe(4_510);
	});
});

describe('fastestSample', () => {
	const sample = (sentAt: number, roundTripMs: number) => ({
		sentAt,
		serverNow: sentAt,
		receivedAt: sentAt + roundTripMs
	});

	it('has none to pick from an empty list', () => {
		expect(fastestSample([])).toBeUndefined();
	});

	it('keeps the one already held when a later round trip is as slow', () => {
		const held = sample(1_000, 80);
		expect(fastestSample([held, sample(5_000, 80)])).toBe(held);
		expect(fastestSample([held, sample(5_000, 900)])).toBe(held);
	});

	it('takes a later round trip that came back faster', () => {
		const later = sample(5_000, 12);
		expect(fastestSample([sample(1_000, 2_400), later])).toBe(later);
	});
});

describe('remainingAt', () => {
	const serverView = (endsAt: number): TimerView => ({
		state: 'running',
		endsAt,
		remainingMs: 0,
		durationMs: 300_000,
		autoAdvance: false
	});

	it('gives two clients with different clocks but correct offsets the same time left', () => {
		const view = serverView(T0 + 300_000);
		const serverNow = T0 + 240_000;
		const behind = { now: serverNow - 3_000, offset: 3_000 }; // clock 3 s slow
		const ahead = { now: serverNow + 5_000, offset: -5_000 }; // clock 5 s fast
		expect(remainingAt(view, behind.now, behind.offset)).toBe(60_000);
		expect(remainingAt(view, ahead.now, ahead.offset)).toBe(60_000);
	});

	it('agrees across clients whose offsets were estimated from symmetric round trips', () => {
		const view = serverView(T0 + 300_000);
		// Each client's clock reads server time plus its skew; each round trip takes 80 ms.
		const clients = [-7_000, 0, 2_500].map((skew) => {
			const sentAt = T0 + skew;
			const offset = estimateClockOffset([{ sentAt, serverNow: T0 + 40, receivedAt: sentAt + 80 }]);
			return remainingAt(view, T0 + 100_000 + skew, offset);
		});
		expect(clients).toEqual([200_000, 200_000, 200_000]);
	});

	it('gives a client that ignores its offset a different, wrong time left', () => {
		const view = serverView(T0 + 300_000);
		expect(remainingAt(view, T0 + 240_000 - 3_000, 0)).toBe(63_000);
	});

	it('never goes below zero after the end', () => {
		expect(remainingAt(serverView(T0), T0 + 10_000, 0)).toBe(0);
	});

	it('shows a paused timer with its stored time left, whatever the client clock', () => {
		const view = viewTimer(paused(), T0 + 500 * SECOND);
		expect(remainingAt(view, 0, 123_456)).toBe(200_000);
	});

	it('shows nothing left for an idle or done timer', () => {
		expect(remainingAt(viewTimer(IDLE_TIMER, T0), T0, 0)).toBe(0);
		expect(remainingAt(viewTimer(running300(), AFTER_END), T0, 0)).toBe(0);
	});
});

describe('timerPhase', () => {
	it('keeps idle and paused whatever the time left', () => {
		expect(timerPhase('idle', 0)).toBe('idle');
		expect(timerPhase('paused', 0)).toBe('paused');
		expect(timerPhase('paused', 5000)).toBe('paused');
	});

	it('is running while time is left and done at zero', () => {
		expect(timerPhase('running', 1)).toBe('running');
		expect(timerPhase('running', 0)).toBe('done');
	});

	it('lets a screen whose clock reached zero show done before the server says so', () => {
		expect(timerPhase('running', 0)).toBe('done');
		expect(timerPhase('done', 0)).toBe('done');
	});
});
