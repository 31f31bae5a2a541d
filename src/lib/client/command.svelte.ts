import type { CommandResult } from './live-session.svelte';

/**
 * One group of controls that sends commands: which one is in flight (a second is ignored until
 * the first answers) and the last refusal, to show beside the controls.
 */
export class CommandGroup {
	pending = $state<string | null>(null);
	error = $state<string | null>(null);

	async run(key: string, command: () => Promise<CommandResult>): Promise<boolean> {
		if (this.pending) return false;
		this.pending = key;
		this.error = null;
		try {
			const result = await command();
			if (!result.ok) this.error = result.error.message;
			return result.ok;
		} finally {
			this.pending = null;
		}
	}

	is(key: string): boolean {
		return this.pending === key;
	}
}
