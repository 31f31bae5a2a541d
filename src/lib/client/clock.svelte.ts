import { createSubscriber } from 'svelte/reactivity';

/**
 * The client clock as a reactive value: reading `now` in an effect or template re-runs it every
 * `intervalMs` while something reads it, and the interval stops when nothing does.
 */
export class Clock {
	#subscribe: () => void;

	constructor(intervalMs = 250) {
		this.#subscribe = createSubscriber((update) => {
			const id = setInterval(update, intervalMs);
			return () => clearInterval(id);
		});
	}

	get now(): number {
		this.#subscribe();
		return Date.now();
	}
}
