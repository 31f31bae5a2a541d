/**
 * The presence merge rule, shared by the browser and the tests (no zod here). A view starts from
 * the join answer's snapshot and takes `presence:delta` messages on top, in whatever order they
 * arrive from the nodes. Every change to a session's presence (a join, a state change, a leave)
 * takes the session's next sequence number where it is stored, and the snapshot carries the
 * number of the last change it holds (docs/realtime.md, "Presence"). So:
 * - a change numbered at or below the snapshot's is in the snapshot already: dropped (a delta
 *   that raced the join answer);
 * - of two changes to one connection, the higher number wins: an older one that arrives late
 *   from another node, or a repeat, is dropped, and a leave is undone only by a later write
 *   (a node taken for dead by mistake writes its people back).
 */
import type { Participant } from './participants.ts';

/** One connection (tab) in a session; a person with two tabs has two. */
export interface PresenceConnection extends Participant {
	connectionId: string;
	/** The sequence number of the change that wrote this entry. */
	seq: number;
}

export interface PresenceLeave {
	connectionId: string;
	seq: number;
}

/** Changes to a session's presence gathered on one node over one flush interval. */
export interface PresenceDelta {
	sessionId: string;
	upserts: PresenceConnection[];
	leaves: PresenceLeave[];
}

export interface PresenceView {
	/** The snapshot's sequence number: every change up to it is in `connections` already. */
	seq: number;
	connections: Map<string, PresenceConnection>;
	/** The number of the last change taken for each connection since the snapshot, leaves too. */
	latest: Map<string, number>;
}

export function viewFromSnapshot(
	connections: readonly PresenceConnection[],
	seq: number
): PresenceView {
	return {
		seq,
		connections: new Map(connections.map((c) => [c.connectionId, c])),
		latest: new Map()
	};
}

/** Applies a delta in place; answers whether the view changed. */
export function applyDelta(view: PresenceView, delta: Omit<PresenceDelta, 'sessionId'>): boolean {
	const takes = (connectionId: string, seq: number) => {
		if (seq <= view.seq || seq <= (view.latest.get(connectionId) ?? 0)) return false;
		view.latest.set(connectionId, seq);
		return true;
	};
	let changed = false;
	for (const leave of delta.leaves) {
		if (takes(leave.connectionId, leave.seq))
			changed = view.connections.delete(leave.connectionId) || changed;
	}
	for (const c of delta.upserts) {
		if (!takes(c.connectionId, c.seq)) continue;
		view.connections.set(c.connectionId, c);
		changed = true;
	}
	return changed;
}
