/**
 * The presence merge rule, shared by the browser and the tests (no zod here). A view starts from
 * the join answer's snapshot and takes `presence:delta` messages on top, in whatever order they
 * arrive from the nodes. Two facts make that safe (docs/realtime.md, "Presence"):
 * - a connection's `rev` grows with each change to its entry, so an older copy never replaces a
 *   newer one (a delta that raced the snapshot, or repeats);
 * - a leave is final: connection ids are never reused, so whatever arrives for a connection after
 *   its leave is stale and dropped.
 */
import type { Participant } from './participants.ts';

/** One connection (tab) in a session; a person with two tabs has two. */
export interface PresenceConnection extends Participant {
	connectionId: string;
	/** Grows with every change to this connection's entry (join, state change). */
	rev: number;
}

/** Changes to a session's presence gathered on one node over one flush interval. */
export interface PresenceDelta {
	sessionId: string;
	upserts: PresenceConnection[];
	leaves: string[];
}

export interface PresenceView {
	connections: Map<string, PresenceConnection>;
	/** Connections that left: anything later about them is stale. */
	gone: Set<string>;
}

export function viewFromSnapshot(connections: readonly PresenceConnection[]): PresenceView {
	return { connections: new Map(connections.map((c) => [c.connectionId, c])), gone: new Set() };
}

/** Applies a delta in place; answers whether the view changed. */
export function applyDelta(view: PresenceView, delta: Omit<PresenceDelta, 'sessionId'>): boolean {
	let changed = false;
	for (const id of delta.leaves) {
		view.gone.add(id);
		changed = view.connections.delete(id) || changed;
	}
	for (const c of delta.upserts) {
		if (view.gone.has(c.connectionId)) continue;
		const held = view.connections.get(c.connectionId);
		if (held && held.rev >= c.rev) continue;
		view.connections.set(c.connectionId, c);
		changed = true;
	}
	return changed;
}
