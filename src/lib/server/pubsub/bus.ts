import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';

export type Unsubscribe = () => Promise<void>;

/** Cross-node fan-out of small string messages. */
export interface Bus {
	readonly mode: 'redis' | 'memory';
	publish(channel: string, message: string): Promise<void>;
	subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe>;
	close(): Promise<void>;
}

/** One process only: what a single node without Redis needs. */
export function createMemoryBus(): Bus {
	const emitter = new EventEmitter();
	emitter.setMaxListeners(0);
	return {
		mode: 'memory',
		async publish(channel, message) {
			queueMicrotask(() => emitter.emit(channel, message));
		},
		async subscribe(channel, handler) {
			emitter.on(channel, handler);
			return async () => void emitter.off(channel, handler);
		},
		async close() {
			emitter.removeAllListeners();
		}
	};
}

/** Redis pub/sub on a dedicated subscriber connection; channels carry the key prefix. */
export function createRedisBus(redis: Redis, prefix: string): Bus {
	const subscriber = redis.duplicate();
	const handlers = new Map<string, Set<(message: string) => void>>();
	subscriber.on('message', (channel: string, message: string) => {
		for (const handler of handlers.get(channel) ?? []) handler(message);
	});
	return {
		mode: 'redis',
		async publish(channel, message) {
			await redis.publish(prefix + channel, message);
		},
		async subscribe(channel, handler) {
			const key = prefix + channel;
			let set = handlers.get(key);
			if (!set) {
				set = new Set();
				handlers.set(key, set);
				await subscriber.subscribe(key);
			}
			set.add(handler);
			return async () => {
				set.delete(handler);
				if (set.size === 0 && handlers.get(key) === set) {
					handlers.delete(key);
					await subscriber.unsubscribe(key);
				}
			};
		},
		async close() {
			handlers.clear();
			subscriber.disconnect();
		}
	};
}
