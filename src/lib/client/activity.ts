import type { PresenceState } from '$lib/shared/sessions';

/** No pointer or keyboard input for this long makes a visible tab idle. */
export const IDLE_AFTER_MS = 60_000;

const INPUT_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * This tab's presence as others should see it: `away` while the tab is hidden, `idle` after a
 * minute without input, `active` otherwise. Calls `onChange` only when the state changes.
 */
export class ActivityMonitor {
	state: PresenceState = 'active';
	#lastInput = Date.now();
	#timer: ReturnType<typeof setTimeout> | undefined;
	#onChange: (state: PresenceState) => void;

	constructor(onChange: (state: PresenceState) => void) {
		this.#onChange = onChange;
	}

	start(): void {
		for (const type of INPUT_EVENTS) {
			window.addEventListener(type, this.#onInput, { passive: true, capture: true });
		}
		document.addEventListener('visibilitychange', this.#onVisibility);
		this.#lastInput = Date.now();
		this.#update();
		this.#arm();
	}

	stop(): void {
		for (const type of INPUT_EVENTS) {
			window.removeEventListener(type, this.#onInput, { capture: true });
		}
		document.removeEventListener('visibilitychange', this.#onVisibility);
		clearTimeout(this.#timer);
	}

	// Runs on every pointer move: only a timestamp, unless it wakes an idle tab.
	#onInput = (): void => {
		this.#lastInput = Date.now();
		if (this.state === 'idle') {
			this.#update();
			this.#arm();
		}
	};

	#onVisibility = (): void => {
		// Coming back to the tab is activity in itself.
		if (document.visibilityState === 'visible') this.#lastInput = Date.now();
		this.#update();
		this.#arm();
	};

	/** One timeout at a time, set for when the tab would turn idle; re-armed if input came since. */
	#arm(): void {
		clearTimeout(this.#timer);
		const wait = this.#lastInput + IDLE_AFTER_MS - Date.now();
		this.#timer = setTimeout(
			() => {
				this.#update();
				if (this.state === 'active') this.#arm();
			},
			Math.max(0, wait)
		);
	}

	#update(): void {
		const next: PresenceState =
			document.visibilityState === 'hidden'
				? 'away'
				: Date.now() - this.#lastInput >= IDLE_AFTER_MS
					? 'idle'
					: 'active';
		if (next === this.state) return;
		this.state = next;
		this.#onChange(next);
	}
}
