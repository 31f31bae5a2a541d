import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Logger } from '../../src/lib/server/logger.ts';
import { isDomainError } from '../../src/lib/shared/errors.ts';
import type { Ack } from '../../src/lib/shared/realtime.ts';

export interface CommandSocket {
	id: string;
	on(event: string, listener: (...args: unknown[]) => void): unknown;
	onAny(listener: (event: string, ...args: unknown[]) => void): unknown;
}

export const COMMANDS_PER_SECOND = 20;

/**
 * Registers socket commands with the same envelope: rate limit per connection, run, and answer
 * `{ok:true,...}` or `{ok:false,error}`. A command sent without an ack callback is ignored.
 */
export function commandRegistrar(log: Logger) {
	const limiter = new RateLimiterMemory({ points: COMMANDS_PER_SECOND, duration: 1 });
	const known = new Set<string>();
	function register<T extends object>(
		socket: CommandSocket,
		event: string,
		run: (payload: unknown) => Promise<T>
	): void {
		known.add(event);
		socket.on(event, (payload: unknown, ack: unknown) => {
			if (typeof ack !== 'function') return;
			const reply = ack as (answer: Ack<T>) => void;
			limiter
				.consume(socket.id)
				.then(
					async () => reply({ ok: true, ...(await run(payload)) }),
					() =>
						reply(
							refusal(
								'rate_limited',
								`Slow down: at most ${COMMANDS_PER_SECOND} commands a second.`
							)
						)
				)
				.catch((error: unknown) => {
					if (isDomainError(error)) return reply(refusal(error.code, error.message));
					log.error({ err: error, event }, 'socket command failed');
					reply(refusal('internal', 'Something went wrong on our side. Try again.'));
				});
		});
	}
	/**
	 * A command nobody registered, sent with an ack, is answered rather than left waiting for
	 * socket.io's timeout (or forever, for a client that set none).
	 */
	function refuseUnknown(socket: CommandSocket): void {
		socket.onAny((event: string, ...args: unknown[]) => {
			const ack = args.at(-1);
			if (known.has(event) || typeof ack !== 'function') return;
			(ack as (answer: Ack<never>) => void)(
				refusal('not_found', `There is no command "${event.slice(0, 64)}".`)
			);
		});
	}
	return Object.assign(register, { refuseUnknown });
}

function refusal(code: string, message: string): Ack<never> {
	return { ok: false, error: { code, message } };
}
