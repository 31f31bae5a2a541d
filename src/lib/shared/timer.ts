import { MAX_TIMER_MS, MAX_TIMER_SECONDS } from './limits.ts';

/** What the server stores: the end time while running, the time left while paused. */
export interface StoredTimer {
	state: 'idle' | 'running' | 'paused';
	endsAt: number | null;
	remainingMs: number | null;
	durationMs: number | null;
	autoAdvance: boolean;
}

/** What clients see: `done` is a running timer whose end time has passed. */
export interface TimerView {
	state: 'idle' | 'running' | 'paused' | 'done';
	endsAt: number | null;
	remainingMs: number;
	durationMs: number;
	autoAdvance: boolean;
}

export type TimerAction =
	| { action: 'start'; seconds: number; autoAdvance?: boolean }
	| { action: 'pause' }
	| { action: 'resume' }
	| { action: 'extend'; seconds: number }
	| { action: 'clear' };

export type TimerDecision =
	| { ok: true; timer: StoredTimer }
	| { ok: false; code: 'conflict' | 'invalid_input'; message: string };

export const IDLE_TIMER: StoredTimer = {
	state: 'idle',
	endsAt: null,
	remainingMs: null,
	durationMs: null,
	autoAdvance: false
};

export function viewTimer(timer: StoredTimer, now: number): TimerView {
	const durationMs = timer.durationMs ?? 0;
	switch (timer.state) {
		case 'idle':
			return { state: 'idle', endsAt: null, remainingMs: 0, durationMs: 0, autoAdvance: false };
		case 'paused':
			return {
				state: 'paused',
				endsAt: null,
				remainingMs: timer.remainingMs ?? 0,
				durationMs,
				autoAdvance: timer.autoAdvance
			};
		case 'running': {
			const remainingMs = Math.max(0, (timer.endsAt ?? now) - now);
			return {
				state: timerPhase('running', remainingMs),
				endsAt: timer.endsAt,
				remainingMs,
				durationMs,
				autoAdvance: timer.autoAdvance
			};
		}
	}
}

/** Applies one facilitator command at server time `now`, or says why it does not fit. */
export function applyTimer(timer: StoredTimer, command: TimerAction, now: number): TimerDecision {
	const view = viewTimer(timer, now);
	switch (command.action) {
		case 'start': {
			if (view.state === 'running' || view.state === 'paused') {
				return conflict('A timer is already set: clear it before starting another.');
			}
			const ms = secondsToMs(command.seconds);
			if (ms === null) return outOfRange();
			return ok({
				state: 'running',
				endsAt: now + ms,
				remainingMs: null,
				durationMs: ms,
				autoAdvance: command.autoAdvance ?? false
			});
		}
		case 'pause':
			if (view.state !== 'running') return conflict('Only a running timer can be paused.');
			return ok({ ...timer, state: 'paused', endsAt: null, remainingMs: view.remainingMs });
		case 'resume':
			if (view.state !== 'paused') return conflict('Only a paused timer can be resumed.');
			return ok({ ...timer, state: 'running', endsAt: now + view.remainingMs, remainingMs: null });
		case 'extend': {
			if (view.state === 'idle') return conflict('Start a timer before extending it.');
			const ms = secondsToMs(command.seconds);
			if (ms === null) return outOfRange();
			if (view.remainingMs + ms > MAX_TIMER_MS) {
				return {
					ok: false,
					code: 'invalid_input',
					message: 'A timer cannot have more than 4 hours left.'
				};
			}
			const durationMs = view.durationMs + ms;
			return view.state === 'paused'
				? ok({ ...timer, remainingMs: view.remainingMs + ms, durationMs })
				: ok({
						...timer,
						state: 'running',
						endsAt: now + view.remainingMs + ms,
						remainingMs: null,
						durationMs
					});
		}
		case 'clear':
			if (view.state === 'idle') return conflict('There is no timer to clear.');
			return ok(IDLE_TIMER);
	}
}

function secondsToMs(seconds: number): number | null {
	return Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX_TIMER_SECONDS
		? seconds * 1000
		: null;
}

const ok = (timer: StoredTimer): TimerDecision => ({ ok: true, timer });
const conflict = (message: string): TimerDecision => ({ ok: false, code: 'conflict', message });
const outOfRange = (): TimerDecision => ({
	ok: false,
	code: 'invalid_input',
	message: `Timer length must be between 1 second and 4 hours (${MAX_TIMER_SECONDS} seconds).`
});

/** One `time:sync` round trip: when the client asked, what the server said, when it heard back. */
export interface ClockSample {
	sentAt: number;
	serverNow: number;
	receivedAt: number;
}

/**
 * The server clock as seen from a client: from round trips (sent, server, received), the sample
 * with the shortest round trip bounds the error best; assume the server read its clock halfway.
 */
export function estimateClockOffset(samples: ClockSample[]): number {
	const best = fastestSample(samples);
	return best ? best.serverNow - (best.sentAt + best.receivedAt) / 2 : 0;
}

/** The sample with the shortest round trip; the earliest of equals, so a tie changes nothing. */
export function fastestSample(samples: ClockSample[]): ClockSample | undefined {
	if (samples.length === 0) return undefined;
	return samples.reduce((a, b) => (b.receivedAt - b.sentAt < a.receivedAt - a.sentAt ? b : a));
}

/** `done` is a running timer with no time left: the one rule the server and every screen use. */
export function timerPhase(state: TimerView['state'], remainingMs: number): TimerView['state'] {
	if (state === 'idle' || state === 'paused') return state;
	return remainingMs > 0 ? 'running' : 'done';
}

/** Time left as a client renders it, given its estimate of the server clock offset. */
export function remainingAt(view: TimerView, clientNow: number, offsetMs: number): number {
	if (view.state !== 'running' || view.endsAt === null)
		return view.state === 'paused' ? view.remainingMs : 0;
	return Math.max(0, view.endsAt - (clientNow + offsetMs));
}
