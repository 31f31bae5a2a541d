import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';

export type Unsubscribe = () => Promise<void>;

/** Cross-node fan-out of small string messages. */
export interface Bus {
	readonly mode: 'redis' | 'memory';
	publish(channel: string, message: string): Promise<void>;
	subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe>;
	/**
	 * Runs after the subscriber connection came back and is subscribed again: whatever was
	 * published meanwhile is lost to this node, so callers resync from here.
	 */
	onResubscribed(handler: () => void): () => void;
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
		onResubscribed: () => () => {},
		async close() {
			emitter.removeAllListeners();
		}
	};
}

/** Redis pub/sub on a dedicated subscriber connection; channels carry the key prefix. */
export function createRedisBus(redis: Redis, prefix: string): Bus {
	const subscriber = redis.duplicate();
	const handlers = new Map<string, Set<(message: string) => void>>();
	const resubscribed = new Set<() => void>();
	subscriber.on('message', (channel: string, message: string) => {
		for (const handler of handlers.get(channel) ?? []) handler(message);
	});
	const notifyResubscribed = () =>
		// ioredis re-sends SUBSCRIBE just before 'ready'; a PING on the same connection answers
		// after those, so the handlers run once the channels are live again.
		subscriber
			.ping()
			.then(() => resubscribed.forEach((handler) => handler()))
			.catch(() => {});
	// A publish may have failed while the publishing connection was down, too.
	for (const connection of [subscriber, redis]) {
		let connectedBefore = connection.status === 'ready';
		connection.on('ready', () => {
			if (connectedBefore) notifyResubscribed();
			connectedBefore = true;
		});
	}
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
		onResubscribed(handler) {
			resubscribed.add(handler);
			return () => void resubscribed.delete(handler);
		},
		async close() {
			handlers.clear();
			resubscribed.clear();
			subscriber.disconnect();
		}
	};
}
