import { CommandGroup } from '$lib/client/command.svelte';
import type { LiveSessionState, TimerAction } from '$lib/client/live-session.svelte';
import { MAX_TIMER_SECONDS } from '$lib/shared/limits';
import { nextStage, previousStage, type Stage } from '$lib/shared/stages';
import type { TimerView } from '$lib/shared/timer';

/**
 * What the facilitator console does, apart from how it looks: the stage and timer commands the
 * buttons and the keyboard shortcuts both send, each group with its own pending key and refusal.
 */
export class ConsoleActions {
	readonly stageCommand = new CommandGroup();
	readonly timerCommand = new CommandGroup();
	readonly noticeCommand = new CommandGroup();
	readonly admitCommand = new CommandGroup();

	/** Minutes picked for the next timer start. */
	minutes = $state<number | null>(5);
	autoAdvance = $state(false);
	/** Set when a stage change cleared a paused timer, so the facilitator knows it is gone. */
	droppedTimer = $state<string | null>(null);

	readonly #live: LiveSessionState;
	readonly #phase: () => TimerView['state'];

	constructor(live: LiveSessionState, phase: () => TimerView['state']) {
		this.#live = live;
		this.#phase = phase;
	}

	get next(): Stage | null {
		return nextStage(this.#live.current.session.stage);
	}

	get previous(): Stage | null {
		return previousStage(this.#live.current.session.stage);
	}

	goNext = () => {
		if (this.next) this.#changeStage('next', this.next);
	};

	goBack = () => {
		if (this.previous) this.#changeStage('back', this.previous);
	};

	startTimer = () => {
		const seconds = this.minutes === null ? NaN : Math.round(this.minutes * 60);
		if (!(seconds >= 1 && seconds <= MAX_TIMER_SECONDS)) {
			this.timerCommand.error = `Enter the minutes: more than 0, at most ${MAX_TIMER_SECONDS / 60}.`;
			return;
		}
		const autoAdvance = this.next !== null && this.autoAdvance;
		void this.timerCommand.run('start', () => this.#live.timer('start', seconds, autoAdvance));
	};

	timerAction = (action: Exclude<TimerAction, 'start'>, seconds?: number) => {
		const key = action === 'extend' ? `extend:${seconds}` : action;
		void this.timerCommand.run(key, () => this.#live.timer(action, seconds));
	};

	/** Space: pause a running timer, resume a paused one, else start one. */
	toggleTimer = () => {
		const phase = this.#phase();
		if (phase === 'running') this.timerAction('pause');
		else if (phase === 'paused') this.timerAction('resume');
		else this.startTimer();
	};

	/** Adds time, only to a timer that is set. */
	extend = (seconds: number) => {
		if (this.#phase() !== 'idle') this.timerAction('extend', seconds);
	};

	#changeStage(key: 'next' | 'back', to: Stage) {
		this.droppedTimer = null;
		void this.stageCommand.run(key, async () => {
			const result = await this.#live.setStage(to);
			if (result.ok && result.droppedTimer) {
				const minutes = Math.ceil(result.droppedTimer.remainingMs / 60_000);
				this.droppedTimer = `The paused timer (${minutes} min left) was cleared: each stage starts without one.`;
			}
			return result;
		});
	}
}
