import { describe, it, expect } from 'vitest';
import {
	PRESENCE_TTL_MS,
	createMemoryPresence,
	type PresenceEntry
} from '../../src/lib/server/presence/store.ts';

function entry(connectionId: string, overrides: Partial<PresenceEntry> = {}): PresenceEntry {
	return {
		connectionId,
		userId: `user-${connectionId}`,
		name: `Name ${connectionId}`,
		teamId: null,
		role: 'member',
		state: 'active',
		nodeId: 'node-a',
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

describe('memory presence store', () => {
	it('lists nothing for a room nobody joined', async () => {
		const { store } = setup();
		expect(await store.list('room-1')).toEqual([]);
	});

	it('lists what was put, exactly as given', async () => {
		const { store } = setup();
		const a = entry('a', { teamId: 'team-1', state: 'away' });
		await store.put('room-1', a);
		await store.put('room-1', entry('b'));
		expect(await store.list('room-1')).toStrictEqual([a, entry('b')]);
	});

	it('keeps one entry per connection, updated by the latest put', async () => {
		const { store } = setup();
		await store.put('room-1', entry('a'));
		await store.put('room-1', entry('a', { state: 'away' }));
		expect(await store.list('room-1')).toStrictEqual([entry('a', { state: 'away' })]);
	});

	it('forgets a removed connection and keeps the others', async () => {
		const { store } = setup();
		await store.put('room-1', entry('a'));
		await store.put('room-1', entry('b'));
		await store.remove('room-1', 'a');
		expect(await store.list('room-1')).toStrictEqual([entry('b')]);
	});

	it('ignores removing a connection or room it never saw', async () => {
		const { store } = setup();
		await store.put('room-1', entry('a'));
		await store.remove('room-1', 'zzz');
		await store.remove('room-2', 'a');
		expect(await store.list('room-1')).toStrictEqual([entry('a')]);
	});

	it('still lists an entry exactly PRESENCE_TTL_MS old', async () => {
		const { store, advance } = setup();
		expect(PRESENCE_TTL_MS).toBe(15_000);
		await store.put('room-1', entry('a'));
		advance(PRESENCE_TTL_MS);
		expect(await store.list('room-1')).toStrictEqual([entry('a')]);
	});

	it('drops an entry older than PRESENCE_TTL_MS as a ghost', async () => {
		const { store, advance } = setup();
		await store.put('room-1', entry('a'));
		advance(PRESENCE_TTL_MS + 1);
		expect(await store.list('room-1')).toEqual([]);
	});

	it('drops only the stale entries and keeps fresh ones', async () => {
		const { store, advance } = setup();
		await store.put('room-1', entry('old'));
		advance(10_000);
		await store.put('room-1', entry('new'));
		advance(10_000);
		expect(await store.list('room-1')).toStrictEqual([entry('new')]);
	});

	it('keeps an entry alive for as long as it is put again within the TTL', async () => {
		const { store, advance } = setup();
		await store.put('room-1', entry('a'));
		for (let beat = 0; beat < 10; beat++) {
			advance(PRESENCE_TTL_MS - 1);
			await store.put('room-1', entry('a'));
		}
		advance(PRESENCE_TTL_MS - 1);
		expect(await store.list('room-1')).toStrictEqual([entry('a')]);
	});

	it('does not bring a ghost back once it was dropped', async () => {
		const { store, advance } = setup();
		await store.put('room-1', entry('a'));
		advance(PRESENCE_TTL_MS + 1);
		await store.list('room-1');
		expect(await store.list('room-1')).toEqual([]);
	});

	it('keeps rooms independent', async () => {
		const { store } = setup();
		await store.put('room-1', entry('a'));
		await store.put('room-2', entry('b'));
		await store.remove('room-2', 'a');
		expect(await store.list('room-1')).toStrictEqual([entry('a')]);
		expect(await store.list('room-2')).toStrictEqual([entry('b')]);
	});

	it('lets one connection id appear in two rooms without one put touching the other', async () => {
		const { store, advance } = setup();
		await store.put('room-1', entry('a'));
		advance(10_000);
		await store.put('room-2', entry('a'));
		advance(10_000);
		expect(await store.list('room-1')).toEqual([]);
		expect(await store.list('room-2')).toStrictEqual([entry('a')]);
	});

	it('prunes stale entries, reporting each ghost once', async () => {
		const { store, advance } = setup();
		await store.put('room-1', entry('ghost'));
		advance(10_000);
		await store.put('room-1', entry('alive'));
		advance(10_000);
		expect(await store.prune('room-1')).toStrictEqual([entry('ghost')]);
		expect(await store.prune('room-1')).toEqual([]);
		expect(await store.list('room-1')).toStrictEqual([entry('alive')]);
	});

	it('refreshes many entries at once with putMany', async () => {
		const { store, advance } = setup();
		await store.put('room-1', entry('a'));
		await store.put('room-2', entry('b'));
		advance(PRESENCE_TTL_MS - 1);
		await store.putMany([
			{ room: 'room-1', entry: entry('a', { state: 'idle' }) },
			{ room: 'room-2', entry: entry('b') }
		]);
		advance(PRESENCE_TTL_MS - 1);
		expect(await store.list('room-1')).toStrictEqual([entry('a', { state: 'idle' })]);
		expect(await store.list('room-2')).toStrictEqual([entry('b')]);
	});

	it('forgets every room when closed', async () => {
		const { store } = setup();
		await store.put('room-1', entry('a'));
		await store.close();
		expect(await store.list('room-1')).toEqual([]);
	});

	it('reports its mode as memory', () => {
		expect(setup().store.mode).toBe('memory');
	});
});
