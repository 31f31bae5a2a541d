import type { Point, Rect } from './board.ts';

/** At most this many remote cursors are drawn; see docs/decisions.md, "Cursors". */
export const MAX_CURSORS = 20;
/** A cursor that has not moved for this long fades out. */
export const CURSOR_IDLE_MS = 30_000;
/** Cursor positions go out at most this often. */
export const CURSOR_THROTTLE_MS = 50;

export interface PeerUser {
	id: string;
	name: string;
	team: string | null;
	color: string;
}

export interface PeerCursor {
	clientId: number;
	user: PeerUser;
	cursor: Point;
	/** When this client's cursor last moved, on this screen's clock. */
	movedAt: number;
}

/**
 * The cursors worth drawing: inside the visible board area, moved in the last 30 s, the most
 * recently moved first, at most `limit`. Hundreds of people stay smooth because what is drawn
 * is bounded, not what is received.
 */
export function selectCursors(
	peers: readonly PeerCursor[],
	view: Rect,
	now: number,
	limit = MAX_CURSORS
): PeerCursor[] {
	return peers
		.filter(
			(peer) =>
				now - peer.movedAt <= CURSOR_IDLE_MS &&
				peer.cursor.x >= view.x &&
				peer.cursor.x <= view.x + view.width &&
				peer.cursor.y >= view.y &&
				peer.cursor.y <= view.y + view.height
		)
		.sort((a, b) => b.movedAt - a.movedAt || a.clientId - b.clientId)
		.slice(0, limit);
}

/** Narrows an awareness entry from the wire (any peer may send anything). */
export function readPeer(
	state: unknown
): { user: PeerUser; cursor: Point | null; editing: string | null; view: View | null } | null {
	if (typeof state !== 'object' || state === null) return null;
	const s = state as Record<string, unknown>;
	const user = s.user as Record<string, unknown> | undefined;
	if (!user || typeof user.id !== 'string' || typeof user.name !== 'string') return null;
	return {
		user: {
			id: user.id,
			name: user.name,
			team: typeof user.team === 'string' ? user.team : null,
			color: typeof user.color === 'string' ? user.color : '#475467'
		},
		cursor: isPoint(s.cursor) ? s.cursor : null,
		editing: typeof s.editing === 'string' ? s.editing : null,
		view: isView(s.view) ? s.view : null
	};
}

/** A viewport: board point at the centre and zoom, so screens of any size can follow it. */
export interface View {
	cx: number;
	cy: number;
	k: number;
	/** Bumped by "bring everyone to me": a new value pulls followers' screens. */
	summon?: number;
}

function isPoint(v: unknown): v is Point {
	const p = v as Point | null;
	return typeof p === 'object' && p !== null && Number.isFinite(p.x) && Number.isFinite(p.y);
}

function isView(v: unknown): v is View {
	const p = v as View | null;
	return (
		typeof p === 'object' &&
		p !== null &&
		Number.isFinite(p.cx) &&
		Number.isFinite(p.cy) &&
		Number.isFinite(p.k) &&
		p.k > 0 &&
		(p.summon === undefined || Number.isFinite(p.summon))
	);
}
