import { describe, it, expect } from 'vitest';
import { Redis } from 'ioredis';
import {
	NODE_TTL_MS,
	createMemoryPresence,
	createRedisPresence,
	type PresenceEntry
} from '../../src/lib/server/presence/store.ts';

function entry(connectionId: string, overrides: Partial<PresenceEntry> = {}): PresenceEntry {
	return {
		connectionId,
		userId: `user-${connectionId}`,
		name: `Name ${connectionId}`,
		teamId: null,
		role: 'participant',
		state: 'active',
		nodeId: 'node-a',
		rev: 1,
		...overrides
	};
}

/** A memory store on a clock the test moves by hand. */
function setup() {
	let now = 1_000_000;
	const store = createMemoryPresence(() => now);
	return {
		store,
		advance(ms: number) {
			now += ms;
		}
	};
}

const put = (room: string, e: PresenceEntry) => ({ room, entry: e });

describe('memory presence store', () => {
	it('lists nothing for a room nobody joined', async () => {
		const { store } = setup();
		expect(await store.list('room-1')).toEqual([]);
	});

	it('writes entries and reads the room in the same call', async () => {
		const { store } = setup();
		const a = entry('a', { teamId: 'team-1', state: 'away' });
		const lists = await store.apply([put('room-1', a), put('room-1', entry('b'))], [], ['room-1']);
		expect(lists.get('room-1')).toStrictEqual([a, entry('b')]);
	});

	it('keeps one entry per connection, updated by the latest write', async () => {
		const { store } = setup();
		await store.apply([put('room-1', entry('a'))], []);
		await store.apply([put('room-1', entry('a', { state: 'away', rev: 2 }))], []);
		expect(await store.list('room-1')).toStrictEqual([entry('a', { state: 'away', rev: 2 })]);
	});

	it('forgets a removed connection and keeps the others', async () => {
		const { store } = setup();
		await store.apply([put('room-1', entry('a')), put('room-1', entry('b'))], []);
		await store.apply([], [{ room: 'room-1', connectionId: 'a', nodeId: 'node-a' }]);
		expect(await store.list('room-1')).toStrictEqual([entry('b')]);
	});

	it('answers a first heartbeat as lapsed and the next ones as alive', async () => {
		const { store, advance } = setup();
		expect(await store.heartbeat('node-a')).toBe(false);
		advance(NODE_TTL_MS - 1);
		expect(await store.heartbeat('node-a')).toBe(true);
		advance(NODE_TTL_MS);
		expect(await store.heartbeat('node-a')).toBe(false);
	});

	it('sweeps the people of a node whose heartbeat lapsed, and only theirs', async () => {
		const { store, advance } = setup();
		await store.heartbeat('node-a');
		await store.heartbeat('node-b');
		await store.apply(
			[put('room-1', entry('a')), put('room-1', entry('b', { nodeId: 'node-b' }))],
			[]
		);
		advance(NODE_TTL_MS - 1);
		await store.heartbeat('node-a');
		expect(await store.sweep()).toEqual([]);
		advance(1);
		expect(await store.sweep()).toStrictEqual([
			{ room: 'room-1', entry: entry('b', { nodeId: 'node-b' }) }
		]);
		expect(await store.list('room-1')).toStrictEqual([entry('a')]);
	});

	it('reports each ghost once however often it sweeps', async () => {
		const { store, advance } = setup();
		await store.heartbeat('node-b');
		await store.apply([put('room-1', entry('b', { nodeId: 'node-b' }))], []);
		advance(NODE_TTL_MS);
		expect(await store.sweep()).toHaveLength(1);
		expect(await store.sweep()).toEqual([]);
	});

	it('does not sweep a node that stopped gracefully and forgot itself', async () => {
		const { store, advance } = setup();
		await store.heartbeat('node-a');
		await store.forget('node-a');
		advance(NODE_TTL_MS * 2);
		expect(await store.sweep()).toEqual([]);
	});
});

describe.skipIf(!process.env.REDIS_URL)('redis presence store', () => {
	it('answers a first heartbeat as lapsed and the next one as alive', async () => {
		const redis = new Redis(process.env.REDIS_URL!);
		const prefix = `wstest:${Math.random().toString(36).slice(2)}:`;
		const store = createRedisPresence(redis, prefix);
		try {
			expect(await store.heartbeat('node-a')).toBe(false);
			expect(await store.heartbeat('node-a')).toBe(true);
		} finally {
			await store.forget('node-a');
			await store.close();
			redis.disconnect();
		}
	});
});
