import { describe, expect, it } from 'vitest';
import {
	CURSOR_IDLE_MS,
	MAX_CURSORS,
	readPeer,
	selectCursors,
	type PeerCursor
} from '../../src/lib/shared/board-cursors.ts';

const view = { x: 0, y: 0, width: 1000, height: 800 };
const user = { id: 'u', name: 'Ada', team: null, color: '#000' };

function peer(clientId: number, x: number, movedAt: number): PeerCursor {
	return { clientId, user, cursor: { x, y: 100 }, movedAt };
}

describe('selectCursors', () => {
	it('draws at most the limit, the most recently moved first', () => {
		const peers = Array.from({ length: 50 }, (_, i) => peer(i, 10 + i, 1000 + i));
		const drawn = selectCursors(peers, view, 2000);
		expect(drawn).toHaveLength(MAX_CURSORS);
		expect(drawn[0]!.clientId).toBe(49);
		expect(drawn.at(-1)!.clientId).toBe(30);
	});

	it('leaves out cursors outside the visible part of the board', () => {
		expect(selectCursors([peer(1, 1500, 1000)], view, 1000)).toEqual([]);
	});

	it('leaves out cursors that have not moved for a while', () => {
		expect(selectCursors([peer(1, 10, 0)], view, CURSOR_IDLE_MS + 1)).toEqual([]);
		expect(selectCursors([peer(1, 10, 0)], view, CURSOR_IDLE_MS)).toHaveLength(1);
	});
});

describe('readPeer', () => {
	it('reads a well-formed awareness state', () => {
		expect(
			readPeer({ user, cursor: { x: 1, y: 2 }, editing: 'n1', view: { cx: 0, cy: 0, k: 1 } })
		).toEqual({ user, cursor: { x: 1, y: 2 }, editing: 'n1', view: { cx: 0, cy: 0, k: 1 } });
	});

	it('drops a state without a user', () => {
		expect(readPeer({ cursor: { x: 1, y: 2 } })).toBeNull();
		expect(readPeer(null)).toBeNull();
		expect(readPeer('x')).toBeNull();
	});

	it('ignores a malformed cursor or view instead of drawing it', () => {
		const peer = readPeer({ user, cursor: { x: 'a', y: 2 }, view: { cx: 0, cy: 0, k: 0 } });
		expect(peer?.cursor).toBeNull();
		expect(peer?.view).toBeNull();
	});
});
