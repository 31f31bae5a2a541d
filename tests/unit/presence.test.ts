import { afterEach, describe, it, expect } from 'vitest';
import { Redis } from 'ioredis';
import {
	NODE_TTL_MS,
	createMemoryPresence,
	createRedisPresence,
	type PresenceEntry,
	type PresenceStore
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
		...overrides
	};
}

const put = (room: string, e: PresenceEntry) => ({ room, entry: e });
const byId = (a: { connectionId: string }, b: { connectionId: string }) =>
	a.connectionId.localeCompare(b.connectionId);

interface Backend {
	store: PresenceStore;
	/** Lets every node's liveness lapse (the memory store on its clock, Redis by deleting keys). */
	lapse(nodeId: string): Promise<void>;
	close(): Promise<void>;
}

function memory(): Backend {
	let now = 1_000_000;
	const store = createMemoryPresence(() => now);
	return {
		store,
		async lapse() {
			now += NODE_TTL_MS;
		},
		close: () => store.close()
	};
}

function redis(): Backend {
	const client = new Redis(process.env.REDIS_URL!);
	const prefix = `wstest:${Math.random().toString(36).slice(2)}:`;
	const store = createRedisPresence(client, prefix);
	return {
		store,
		async lapse(nodeId) {
			await client.del(`${prefix}presence-alive:${nodeId}`);
		},
		async close() {
			const keys = await client.keys(`${prefix}*`);
			if (keys.length > 0) await client.del(...keys);
			client.disconnect();
		}
	};
}

const backends: [string, () => Backend][] = [['memory', memory]];
if (process.env.REDIS_URL) backends.push(['redis', redis]);

describe.each(backends)('%s presence store', (_name, make) => {
	let b: Backend;
	const fresh = () => (b = make());
	afterEach(() => b?.close());

	it('lists nothing, at sequence 0, for a room nobody joined', async () => {
		const { store } = fresh();
		expect(await store.snapshot('room-1')).toEqual({ seq: 0, entries: [] });
	});

	it('numbers each write and reads the room, with its number, in the same call', async () => {
		const { store } = fresh();
		const a = entry('a', { teamId: 'team-1', state: 'away' });
		const applied = await store.apply(
			[put('room-1', a), put('room-1', entry('b'))],
			[],
			['room-1']
		);
		expect(applied.puts).toEqual([1, 2]);
		const snapshot = applied.snapshots.get('room-1')!;
		expect(snapshot.seq).toBe(2);
		expect(snapshot.entries.sort(byId)).toEqual([
			{ ...a, seq: 1 },
			{ ...entry('b'), seq: 2 }
		]);
	});

	it('keeps one entry per connection, the latest write, and numbers rooms apart', async () => {
		const { store } = fresh();
		await store.apply([put('room-1', entry('a')), put('room-2', entry('z'))], []);
		await store.apply([put('room-1', entry('a', { state: 'away' }))], []);
		expect(await store.snapshot('room-1')).toEqual({
			seq: 2,
			entries: [{ ...entry('a', { state: 'away' }), seq: 2 }]
		});
		expect((await store.snapshot('room-2')).seq).toBe(1);
	});

	it('numbers a removal, and answers 0 for one that was gone already', async () => {
		const { store } = fresh();
		await store.apply([put('room-1', entry('a')), put('room-1', entry('b'))], []);
		const gone = { room: 'room-1', connectionId: 'a', nodeId: 'node-a' };
		expect((await store.apply([], [gone])).removals).toEqual([3]);
		expect((await store.apply([], [gone])).removals).toEqual([0]);
		expect(await store.snapshot('room-1')).toEqual({
			seq: 3,
			entries: [{ ...entry('b'), seq: 2 }]
		});
	});

	it('answers a first heartbeat as lapsed and the next ones as alive', async () => {
		const { store, lapse } = fresh();
		expect(await store.heartbeat('node-a')).toBe(false);
		expect(await store.heartbeat('node-a')).toBe(true);
		await lapse('node-a');
		expect(await store.heartbeat('node-a')).toBe(false);
	});

	it('sweeps the people of a node whose heartbeat lapsed, once, numbering their removal', async () => {
		const { store, lapse } = fresh();
		await store.heartbeat('node-b');
		await store.apply([put('room-1', entry('b', { nodeId: 'node-b' }))], []);
		await store.heartbeat('node-a');
		await store.apply([put('room-1', entry('a'))], []);
		expect(await store.sweep()).toEqual([]);
		await lapse('node-b');
		await store.heartbeat('node-a');
		expect(await store.sweep()).toEqual([{ room: 'room-1', connectionId: 'b', seq: 3 }]);
		expect(await store.sweep()).toEqual([]);
		expect(await store.snapshot('room-1')).toEqual({
			seq: 3,
			entries: [{ ...entry('a'), seq: 2 }]
		});
	});

	it('does not sweep a node that stopped gracefully and forgot itself', async () => {
		const { store, lapse } = fresh();
		await store.heartbeat('node-a');
		await store.forget('node-a');
		await lapse('node-a');
		expect(await store.sweep()).toEqual([]);
	});
});
