import { sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import type { StoredEntry } from '../presence/store.ts';
import { rooms, type PresenceConnection } from '../../shared/realtime.ts';
import {
	aggregateParticipants,
	type Participant,
	type ParticipantRole,
	type PresenceState
} from '../../shared/sessions.ts';

export function toConnection(entry: StoredEntry): PresenceConnection {
	return {
		connectionId: entry.connectionId,
		userId: entry.userId,
		name: entry.name,
		teamId: entry.teamId,
		role: entry.role as ParticipantRole,
		state: entry.state as PresenceState,
		seq: entry.seq
	};
}

/** Who is connected now, one row per person. */
export async function listParticipants(ctx: AppContext, sessionId: string): Promise<Participant[]> {
	return aggregateParticipants(
		(await ctx.presence.snapshot(rooms.session(sessionId))).entries.map(toConnection)
	);
}

/** Nodes credit the time present of their people this often, in one statement per node. */
export const ATTENDANCE_CREDIT_MS = 10_000;
/** A gap longer than this between credits is not counted: the person was not there. */
const CREDIT_CAP_MS = 2 * ATTENDANCE_CREDIT_MS;

export interface AttendancePair {
	sessionId: string;
	userId: string;
}

/**
 * Adds the time since each person's last credit, capped, to their attendance. Several tabs or
 * nodes crediting the same person at once add almost nothing the second time, because the
 * elapsed time is measured from the shared `last_credited_at`. Only live time counts: nothing is
 * credited, or recorded, for a session that has ended (the lobby counts).
 */
export async function creditAttendance(
	db: Db,
	pairs: AttendancePair[],
	now: Date,
	mode: 'credit' | 'arrive' = 'credit'
): Promise<void> {
	const unique = [...new Map(pairs.map((p) => [`${p.sessionId}\u0000${p.userId}`, p])).values()];
	if (unique.length === 0) return;
	const at = sql`${now.toISOString()}::timestamptz`;
	const elapsed = sql`extract(epoch from (excluded.last_credited_at - attendance.last_credited_at)) * 1000`;
	const set =
		mode === 'credit'
			? sql`present_ms = attendance.present_ms + least(greatest(${elapsed}, 0), ${CREDIT_CAP_MS})::bigint,
				last_credited_at = greatest(attendance.last_credited_at, excluded.last_credited_at)`
			: // Arriving after an absence restarts the clock instead of crediting the gap.
				sql`last_credited_at = case when ${elapsed} > ${CREDIT_CAP_MS} then excluded.last_credited_at else attendance.last_credited_at end`;
	// One statement, the stage check included, so a join batch costs one round trip.
	await db.execute(sql`
		insert into attendance (session_id, user_id, present_ms, first_seen_at, last_credited_at)
		select v.session_id, v.user_id, 0, ${at}, ${at}
		from (values ${sql.join(
			unique.map((p) => sql`(${p.sessionId}, ${p.userId})`),
			sql`, `
		)}) as v(session_id, user_id)
		join live_sessions s on s.id = v.session_id and s.stage <> 'closed'
		on conflict (session_id, user_id) do update set ${set}`);
}

/**
 * Credits everyone connected to the session now, on every node. Ending a session calls it before
 * the stage closes: the nodes' next interval would find the session closed and credit nothing,
 * so whoever stayed less than one interval would be listed with no time at all.
 */
export async function creditPresentNow(ctx: AppContext, sessionId: string): Promise<void> {
	const { entries: present } = await ctx.presence.snapshot(rooms.session(sessionId));
	await creditAttendance(
		ctx.db,
		present.map((entry) => ({ sessionId, userId: entry.userId })),
		new Date()
	);
}
