import { describe, it, expect } from 'vitest';
import {
	applyDelta,
	viewFromSnapshot,
	type PresenceConnection,
	type PresenceDelta
} from '../../src/lib/shared/presence.ts';

function conn(
	id: string,
	seq: number,
	state: PresenceConnection['state'] = 'active'
): PresenceConnection {
	return {
		connectionId: id,
		userId: `u-${id}`,
		name: id,
		teamId: null,
		role: 'participant',
		state,
		seq
	};
}

const leave = (connectionId: string, seq: number) => ({ connectionId, seq });
const delta = (
	upserts: PresenceConnection[],
	leaves: { connectionId: string; seq: number }[] = []
): Omit<PresenceDelta, 'sessionId'> => ({ upserts, leaves });
const ids = (view: ReturnType<typeof viewFromSnapshot>) => [...view.connections.keys()].sort();

describe('presence merge rule', () => {
	it('adds joiners and removes leavers numbered after the snapshot', () => {
		const view = viewFromSnapshot([conn('a', 1)], 1);
		expect(applyDelta(view, delta([conn('b', 2)], [leave('a', 3)]))).toBe(true);
		expect(ids(view)).toEqual(['b']);
	});

	it('drops a delta that raced the join answer: the snapshot holds it already', () => {
		const view = viewFromSnapshot([conn('a', 2, 'idle')], 2);
		expect(applyDelta(view, delta([conn('a', 1)]))).toBe(false);
		expect(view.connections.get('a')?.state).toBe('idle');
	});

	it('keeps out a join the snapshot saw leave, when the join arrives late', () => {
		// a joined (1) and left (2) before the snapshot (2); its join delta arrives afterwards.
		const view = viewFromSnapshot([], 2);
		expect(applyDelta(view, delta([conn('a', 1)]))).toBe(false);
		expect(ids(view)).toEqual([]);
	});

	it('takes the newer state over an older one whatever order they arrive in', () => {
		const view = viewFromSnapshot([], 0);
		applyDelta(view, delta([conn('a', 3, 'away')]));
		applyDelta(view, delta([conn('a', 2, 'idle')]));
		expect(view.connections.get('a')).toEqual(conn('a', 3, 'away'));
	});

	it('keeps a leaver out when its join arrives later from another node', () => {
		const view = viewFromSnapshot([], 0);
		applyDelta(view, delta([], [leave('a', 5)]));
		expect(applyDelta(view, delta([conn('a', 4)]))).toBe(false);
		expect(ids(view)).toEqual([]);
	});

	it('takes back someone removed by mistake once their node writes them again', () => {
		// Swept as a ghost (7) while their node was only slow; its heartbeat writes them back (9).
		const view = viewFromSnapshot([conn('a', 1)], 1);
		applyDelta(view, delta([], [leave('a', 7)]));
		expect(applyDelta(view, delta([conn('a', 9)]))).toBe(true);
		expect(ids(view)).toEqual(['a']);
	});

	it('treats a repeated delta as a no-op', () => {
		const view = viewFromSnapshot([conn('a', 1)], 1);
		const d = delta([conn('b', 2)], [leave('a', 3)]);
		applyDelta(view, d);
		expect(applyDelta(view, d)).toBe(false);
		expect(ids(view)).toEqual(['b']);
	});

	it('removes a connection the snapshot held when its leave was buffered before the answer', () => {
		const view = viewFromSnapshot([conn('a', 1), conn('b', 2)], 2);
		applyDelta(view, delta([], [leave('b', 3)]));
		expect(ids(view)).toEqual(['a']);
	});

	it('converges to the same view for every order of the same deltas, across two nodes', () => {
		// Node 1 serves a and c, node 2 serves b; numbers are the session's, shared by both.
		const deltas = [
			delta([conn('a', 1), conn('b', 2)]),
			delta([conn('a', 3, 'idle')]),
			delta([conn('c', 4)], [leave('b', 5)]),
			delta([], [leave('c', 6)])
		];
		const orders = [
			[0, 1, 2, 3],
			[3, 2, 1, 0],
			[1, 3, 0, 2],
			[2, 0, 3, 1],
			[0, 0, 3, 3, 1, 2, 1]
		];
		for (const order of orders) {
			const view = viewFromSnapshot([], 0);
			for (const i of order) applyDelta(view, deltas[i]!);
			expect([...view.connections.values()]).toEqual([conn('a', 3, 'idle')]);
		}
	});

	it('ends where a snapshot taken at any point would, with the deltas after it on top', () => {
		const changes = [
			delta([conn('a', 1)]),
			delta([conn('b', 2)]),
			delta([], [leave('a', 3)]),
			delta([conn('b', 4, 'away')])
		];
		const snapshots: [PresenceConnection[], number][] = [
			[[], 0],
			[[conn('a', 1)], 1],
			[[conn('a', 1), conn('b', 2)], 2],
			[[conn('b', 2)], 3],
			[[conn('b', 4, 'away')], 4]
		];
		for (const [connections, seq] of snapshots) {
			const view = viewFromSnapshot(connections, seq);
			// Every delta is delivered, including those the snapshot holds, newest first.
			for (const d of [...changes].reverse()) applyDelta(view, d);
			expect([...view.connections.values()]).toEqual([conn('b', 4, 'away')]);
		}
	});
});
