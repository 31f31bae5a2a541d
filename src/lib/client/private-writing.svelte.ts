import type { ServerToClientEvents } from '$lib/shared/realtime';
import type { CommandResult } from './live-session.svelte';
import { appSocket, send } from './socket';

/**
 * Private writing as this tab follows it: the "notes written so far" count the server sends
 * (`board:written`), the last reveal, and the facilitator's Reveal command (`board:reveal`).
 */
export class PrivateWritingState {
	written = $state(0);
	/** How many notes the last reveal showed, for the announcement; null before any. */
	revealed = $state<number | null>(null);

	readonly #onWritten: ServerToClientEvents['board:written'] = ({ sessionId, written }) => {
		if (sessionId === this.sessionId) this.written = written;
	};
	readonly #onRevealed: ServerToClientEvents['board:revealed'] = ({ sessionId, revealed }) => {
		if (sessionId === this.sessionId) this.revealed = revealed;
	};

	constructor(
		readonly sessionId: string,
		written: number
	) {
		this.written = written;
	}

	start(): void {
		const socket = appSocket();
		socket.on('board:written', this.#onWritten);
		socket.on('board:revealed', this.#onRevealed);
	}

	destroy(): void {
		const socket = appSocket();
		socket.off('board:written', this.#onWritten);
		socket.off('board:revealed', this.#onRevealed);
	}

	async reveal(): Promise<CommandResult<{ revealed: number }>> {
		const ack = await send('board:reveal', { sessionId: this.sessionId });
		if (ack.ok) this.revealed = ack.revealed;
		return ack;
	}
}
