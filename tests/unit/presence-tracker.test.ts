import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client.ts';
import { attendance, users } from '../../src/lib/server/db/schema/index.ts';
import { sessionFixture } from '../helpers/db-fixture.ts';
import type { AppContext } from '../../src/lib/server/context.ts';
import {
	createMemoryPresence,
	NODE_TTL_MS,
	type PresenceEntry
} from '../../src/lib/server/presence/store.ts';
import { PresenceTracker } from '../../src/lib/server/presence/tracker.ts';
import { creditAttendance } from '../../src/lib/server/sessions/presence.ts';
import { createLogger } from '../../src/lib/server/logger.ts';
import type { PresenceDelta } from '../../src/lib/shared/presence.ts';

let database: Database;
let now = 1_000_000;

function entry(connectionId: string, nodeId = 'node-a'): PresenceEntry {
	return {
		connectionId,
		userId: 'u1',
		name: 'Una',
		teamId: null,
		role: 'participant',
		state: 'active',
		nodeId
	};
}

function tracker(
	nodeId = 'node-a',
	presence = createMemoryPresence(() => now),
	db: Database['db'] = database.db
) {
	const sent: PresenceDelta[] = [];
	const ctx = {
		db,
		nodeId,
		presence,
		log: createLogger('silent')
	} as unknown as AppContext;
	return { tracker: new PresenceTracker(ctx, (_room, delta) => sent.push(delta)), sent, presence };
}

beforeAll(async () => {
	database = await sessionFixture();
});
afterAll(() => database?.close());

describe('presence tracker', () => {
	it('tells the room once per flush, however many joined, changed and left', async () => {
		const { tracker: t, sent } = tracker();
		await t.arrive('live', [entry('a'), entry('b')]);
		t.setState('a', 'idle');
		t.depart('b');
		await t.flush();
		expect(sent).toHaveLength(1);
		// a and b were written (1, 2) by the join; the state change and the leave follow.
		expect(sent[0]!.leaves).toEqual([{ connectionId: 'b', seq: 4 }]);
		expect(sent[0]!.upserts.map((c) => [c.connectionId, c.state, c.seq])).toEqual([
			['a', 'idle', 3]
		]);
		await t.flush();
		expect(sent).toHaveLength(1);
	});

	it('answers a join batch with the whole list, the joiners included', async () => {
		const { tracker: t } = tracker();
		await t.arrive('live', [entry('x')]);
		const snapshot = await t.arrive('live', [entry('y'), entry('z')]);
		expect(snapshot.seq).toBe(3);
		expect(snapshot.entries.map((c) => c.connectionId).sort()).toEqual(['x', 'y', 'z']);
	});

	it('records arrival in a live session but nothing in one that has ended', async () => {
		const { tracker: t } = tracker();
		await t.arrive('live', [entry('l1')]);
		await t.arrive('ended', [entry('e1')]);
		await t.creditPresent();
		const rows = await database.db.select().from(attendance).where(eq(attendance.userId, 'u1'));
		expect(rows.map((r) => r.sessionId)).toEqual(['live']);
	});

	it('tells a leave that follows a join still in flight, and not the join', async () => {
		const { tracker: t, sent } = tracker();
		const joining = t.arrive('live', [entry('j1')]);
		t.depart('j1');
		await joining;
		await t.flush();
		expect(sent).toEqual([
			{ sessionId: 'live', upserts: [], leaves: [{ connectionId: 'j1', seq: 2 }] }
		]);
	});

	it('keeps a change whose write failed for the next flush', async () => {
		const presence = createMemoryPresence(() => now);
		const { tracker: t, sent } = tracker('node-a', presence);
		await t.arrive('live', [entry('f1')]);
		await t.flush();
		const apply = presence.apply;
		presence.apply = () => Promise.reject(new Error('redis down'));
		t.setState('f1', 'away');
		await expect(t.flush()).rejects.toThrow('redis down');
		presence.apply = apply;
		await t.flush();
		expect(sent.at(-1)!.upserts.map((c) => [c.connectionId, c.state, c.seq])).toEqual([
			['f1', 'away', 2]
		]);
	});

	it('forgets a joiner whose write failed, so that joining again writes the entry', async () => {
		const presence = createMemoryPresence(() => now);
		const { tracker: t } = tracker('node-a', presence);
		const apply = presence.apply;
		presence.apply = () => Promise.reject(new Error('redis down'));
		await expect(t.arrive('live', [entry('r1')])).rejects.toThrow('redis down');
		expect(t.sessionOf('r1')).toBeNull();
		presence.apply = apply;
		await t.arrive('live', [entry('r1')]);
		expect((await presence.snapshot('session:live')).entries.map((e) => e.connectionId)).toEqual([
			'r1'
		]);
	});

	it('records arrival with the join batch, and a join whose arrival failed is forgotten', async () => {
		let failures = 1;
		const db = new Proxy(database.db, {
			get(target, key, receiver) {
				if (key !== 'execute') return Reflect.get(target, key, receiver);
				return (...args: Parameters<typeof target.execute>) => {
					if (failures-- > 0) return Promise.reject(new Error('database down'));
					return target.execute(...args);
				};
			}
		});
		await database.db.insert(users).values({
			id: 'queued',
			email: 'q@example.com',
			name: 'Q',
			passwordHash: 'x',
			role: 'member'
		});
		const { tracker: t } = tracker(
			'node-a',
			createMemoryPresence(() => now),
			db
		);
		const rows = () => database.db.select().from(attendance).where(eq(attendance.userId, 'queued'));
		await expect(t.arrive('live', [{ ...entry('q1'), userId: 'queued' }])).rejects.toThrow(
			'database down'
		);
		expect(t.sessionOf('q1')).toBeNull();
		expect(await rows()).toEqual([]);
		await t.arrive('live', [{ ...entry('q1'), userId: 'queued' }]);
		// Already there, before any attendance flush: ending the session now still credits them.
		expect((await rows()).map((r) => r.sessionId)).toEqual(['live']);
	});

	it('sweeps a dead node’s people and announces their leave, keeping its own', async () => {
		const presence = createMemoryPresence(() => now);
		const survivor = tracker('node-a', presence);
		const dead = tracker('node-b', presence);
		await survivor.tracker.heartbeat();
		await dead.tracker.heartbeat();
		await survivor.tracker.arrive('live', [entry('s1')]);
		await dead.tracker.arrive('live', [entry('d1', 'node-b')]);
		now += NODE_TTL_MS;
		await survivor.tracker.heartbeat();
		await survivor.tracker.sweep();
		await survivor.tracker.flush();
		expect(survivor.sent.at(-1)!.leaves).toEqual([{ connectionId: 'd1', seq: 3 }]);
		expect((await presence.snapshot('session:live')).entries.map((e) => e.connectionId)).toEqual([
			's1'
		]);
	});

	it('writes its people back, numbered after their sweep, when its own heartbeat had lapsed', async () => {
		const { tracker: t, sent, presence } = tracker('node-c');
		await t.heartbeat();
		await t.arrive('live', [entry('c1', 'node-c')]);
		await t.flush();
		now += NODE_TTL_MS;
		await presence.sweep();
		await t.heartbeat();
		await t.flush();
		// Joined (1), swept (2), written back (3).
		expect(sent.at(-1)!.upserts.map((c) => [c.connectionId, c.seq])).toEqual([['c1', 3]]);
		expect((await presence.snapshot('session:live')).entries.map((e) => e.seq)).toEqual([3]);
	});
});

describe('creditAttendance', () => {
	const pair = { sessionId: 'live', userId: 'u2' };
	const minutes = async () =>
		(await database.db.select().from(attendance).where(eq(attendance.userId, 'u2')))[0]?.presentMs;

	it('credits the time since the last credit, once however many tabs report it', async () => {
		const t = Date.UTC(2030, 0, 1, 9);
		await creditAttendance(database.db, [pair], new Date(t), 'arrive');
		expect(await minutes()).toBe(0);
		await creditAttendance(database.db, [pair, pair], new Date(t + 5_000));
		await creditAttendance(database.db, [pair], new Date(t + 5_000));
		expect(await minutes()).toBe(5_000);
	});

	it('records nothing for a session that has ended', async () => {
		await creditAttendance(
			database.db,
			[{ sessionId: 'ended', userId: 'u2' }],
			new Date(),
			'arrive'
		);
		await creditAttendance(database.db, [{ sessionId: 'ended', userId: 'u2' }], new Date());
		const rows = await database.db
			.select()
			.from(attendance)
			.where(eq(attendance.sessionId, 'ended'));
		expect(rows).toEqual([]);
	});
});
