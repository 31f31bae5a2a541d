import { describe, it, expect } from 'vitest';
import {
	applyDelta,
	viewFromSnapshot,
	type PresenceConnection
} from '../../src/lib/shared/presence.ts';

function conn(
	id: string,
	rev = 1,
	state: PresenceConnection['state'] = 'active'
): PresenceConnection {
	return {
		connectionId: id,
		userId: `u-${id}`,
		name: id,
		teamId: null,
		role: 'participant',
		state,
		rev
	};
}

const ids = (view: ReturnType<typeof viewFromSnapshot>) => [...view.connections.keys()].sort();

describe('presence merge rule', () => {
	it('adds joiners and removes leavers', () => {
		const view = viewFromSnapshot([conn('a')]);
		expect(applyDelta(view, { upserts: [conn('b')], leaves: ['a'] })).toBe(true);
		expect(ids(view)).toEqual(['b']);
	});

	it('ignores a join the snapshot already holds (a delta that raced the join answer)', () => {
		const view = viewFromSnapshot([conn('a', 2, 'idle')]);
		expect(applyDelta(view, { upserts: [conn('a', 1)], leaves: [] })).toBe(false);
		expect(view.connections.get('a')?.state).toBe('idle');
	});

	it('takes a newer state over an older one whatever order they arrive in', () => {
		const view = viewFromSnapshot([]);
		applyDelta(view, { upserts: [conn('a', 3, 'away')], leaves: [] });
		applyDelta(view, { upserts: [conn('a', 2, 'idle')], leaves: [] });
		expect(view.connections.get('a')).toEqual(conn('a', 3, 'away'));
	});

	it('keeps a leaver out when its join arrives late from another node', () => {
		const view = viewFromSnapshot([]);
		applyDelta(view, { upserts: [], leaves: ['a'] });
		expect(applyDelta(view, { upserts: [conn('a')], leaves: [] })).toBe(false);
		expect(ids(view)).toEqual([]);
	});

	it('treats a repeated delta as a no-op', () => {
		const view = viewFromSnapshot([conn('a')]);
		const delta = { upserts: [conn('b')], leaves: ['a'] };
		applyDelta(view, delta);
		expect(applyDelta(view, delta)).toBe(false);
		expect(ids(view)).toEqual(['b']);
	});

	it('removes a connection the snapshot held when its leave was buffered before the answer', () => {
		const view = viewFromSnapshot([conn('a'), conn('b')]);
		applyDelta(view, { upserts: [], leaves: ['b'] });
		expect(ids(view)).toEqual(['a']);
	});

	it('converges to the same view for every order of the same deltas', () => {
		const deltas = [
			{ upserts: [conn('a'), conn('b')], leaves: [] },
			{ upserts: [conn('a', 2, 'idle')], leaves: [] },
			{ upserts: [conn('c')], leaves: ['b'] },
			{ upserts: [], leaves: ['c'] }
		];
		const orders = [
			[0, 1, 2, 3],
			[3, 2, 1, 0],
			[1, 3, 0, 2],
			[2, 0, 3, 1]
		];
		for (const order of orders) {
			const view = viewFromSnapshot([]);
			for (const i of order) applyDelta(view, deltas[i]!);
			expect([...view.connections.values()]).toEqual([conn('a', 2, 'idle')]);
		}
	});
});
