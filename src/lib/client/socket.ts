import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '$lib/shared/realtime';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: AppSocket | null = null;

/**
 * One socket per tab, however many components ask: socket.io's own reconnection (randomised
 * back-off) reopens it, so a node dying never multiplies connections.
 */
export function appSocket(): AppSocket {
	socket ??= io({
		transports: ['websocket'],
		reconnectionDelay: 500,
		reconnectionDelayMax: 5000,
		randomizationFactor: 0.5
	});
	return socket;
}

/** Sends a command and resolves with its ack (or a timeout refusal when no answer comes). */
export function send<E extends keyof ClientToServerEvents>(
	event: E,
	payload: unknown,
	timeoutMs = 5000
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]> {
	return new Promise((resolve) => {
		const s = appSocket() as unknown as Socket;
		s.timeout(timeoutMs).emit(event, payload, (error: Error | null, ack: never) => {
			resolve(
				error
					? ({
							ok: false,
							error: {
								code: 'timeout',
								message: 'The server did not answer. Check your connection.'
							}
						} as never)
					: ack
			);
		});
	});
}
