import { describe, it, expect } from 'vitest';
import { createMemoryBus, type Bus } from '../../src/lib/server/pubsub/bus.ts';

/** Lets queued deliveries run: the memory bus delivers on a microtask, like a network would later. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Subscribes to `channel`: `got` collects what arrives there. */
async function listen(bus: Bus, channel: string) {
	const got: string[] = [];
	const unsubscribe = await bus.subscribe(channel, (m) => got.push(m));
	return { got, unsubscribe };
}

/** Publishes `messages` to `channel` in order and lets their deliveries run. */
async function publishAndSettle(bus: Bus, channel: string, ...messages: string[]) {
	for (const m of messages) await bus.publish(channel, m);
	await settle();
}

describe('memory bus', () => {
	it('delivers a published message to a subscriber of the channel', async () => {
		const bus = createMemoryBus();
		const { got } = await listen(bus, 'board:1');
		await publishAndSettle(bus, 'board:1', 'hello');
		expect(got).toEqual(['hello']);
	});

	it('delivers messages in the order they were published', async () => {
		const bus = createMemoryBus();
		const { got } = await listen(bus, 'board:1');
		await publishAndSettle(bus, 'board:1', '1', '2', '3');
		expect(got).toEqual(['1', '2', '3']);
	});

	it('delivers to every subscriber of the channel', async () => {
		const bus = createMemoryBus();
		const { got: first } = await listen(bus, 'board:1');
		const { got: second } = await listen(bus, 'board:1');
		await publishAndSettle(bus, 'board:1', 'hello');
		expect(first).toEqual(['hello']);
		expect(second).toEqual(['hello']);
	});

	it('stops delivering after unsubscribe', async () => {
		const bus = createMemoryBus();
		const { got, unsubscribe } = await listen(bus, 'board:1');
		await publishAndSettle(bus, 'board:1', 'before');
		await unsubscribe();
		await publishAndSettle(bus, 'board:1', 'after');
		expect(got).toEqual(['before']);
	});

	it('keeps other subscribers of the channel when one unsubscribes', async () => {
		const bus = createMemoryBus();
		const { got: leaving, unsubscribe } = await listen(bus, 'board:1');
		const { got: staying } = await listen(bus, 'board:1');
		await unsubscribe();
		await publishAndSettle(bus, 'board:1', 'hello');
		expect(leaving).toEqual([]);
		expect(staying).toEqual(['hello']);
	});

	it('keeps channels independent', async () => {
		const bus = createMemoryBus();
		const { got: one } = await listen(bus, 'board:1');
		const { got: two } = await listen(bus, 'board:2');
		await bus.publish('board:1', 'for one');
		await bus.publish('board:2', 'for two');
		await bus.publish('board:3', 'for nobody');
		await settle();
		expect(one).toEqual(['for one']);
		expect(two).toEqual(['for two']);
	});

	it('does not deliver messages published before the subscription', async () => {
		const bus = createMemoryBus();
		await publishAndSettle(bus, 'board:1', 'early');
		const { got } = await listen(bus, 'board:1');
		await settle();
		expect(got).toEqual([]);
	});

	it('keeps two buses apart', async () => {
		const a = createMemoryBus();
		const b = createMemoryBus();
		const { got } = await listen(b, 'board:1');
		await publishAndSettle(a, 'board:1', 'hello');
		expect(got).toEqual([]);
	});

	it('drops every subscription when closed', async () => {
		const bus = createMemoryBus();
		const { got } = await listen(bus, 'board:1');
		await bus.close();
		await publishAndSettle(bus, 'board:1', 'hello');
		expect(got).toEqual([]);
	});
});
