import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { LiveSessionRow } from '../db/schema/index.ts';
import { batchInFlight } from '../batch.ts';
import { SharedReads } from '../shared-reads.ts';
import { loadChallenge } from '../challenges/queries.ts';
import type { ChallengeWithOwner } from '../challenges/access.ts';
import type { PresenceTracker } from '../presence/tracker.ts';
import type { PresenceSnapshot } from '../presence/store.ts';
import { requireUser } from '../auth/access.ts';
import { DomainError, found } from '../../shared/errors.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { rooms, type JoinedSession } from '../../shared/realtime.ts';
import { parseInput } from '../../shared/validate.ts';
import { admitTo } from './access.ts';
import { waitingFor } from './admissions.ts';
import { sessionState } from './lifecycle.ts';
import { toConnection } from './presence.ts';
import { loadSession } from './queries.ts';

export const sessionRef = z.strictObject({ sessionId: z.string().min(1).max(64) });

/** What the join needs of the transport: the connection id and its rooms. */
export interface SessionSocket {
	id: string;
	readonly connected: boolean;
	join(rooms: string[]): Promise<void> | void;
	/** Leaves every session and challenge room. */
	leaveSessionRooms(): Promise<void>;
}

/** A session and its challenge as read for admission, shared by joins arriving together. */
const ADMISSION_READ_MS = 1_000;
/** Sessions whose admission read is kept at once; beyond it the oldest read is dropped early. */
const ADMISSION_READS_MAX = 10_000;

type AdmissionRead = { row: LiveSessionRow; challenge: ChallengeWithOwner } | null;

/**
 * Joining a live session, sized for everyone clicking the link at once: joins of one session on
 * one node share the read of the session (admission and state) and the presence write and
 * snapshot.
 */
export class SessionJoins {
	private readonly admissionReads = new SharedReads<string, AdmissionRead>(
		ADMISSION_READ_MS,
		ADMISSION_READS_MAX
	);
	/** Joins of one session on this node share one presence write and snapshot in flight. */
	private readonly enter: (
		sessionId: string,
		entry: Parameters<PresenceTracker['arrive']>[1][number]
	) => Promise<PresenceSnapshot>;

	constructor(
		private readonly ctx: AppContext,
		private readonly presence: PresenceTracker
	) {
		this.enter = batchInFlight(async (sessionId: string, entries) => {
			const snapshot = await presence.arrive(sessionId, entries);
			return entries.map(() => snapshot);
		});
	}

	/** Leave the previous session, enter this one, and answer with the whole state. */
	async join(
		actor: PublicUser | null,
		socket: SessionSocket,
		payload: unknown
	): Promise<JoinedSession> {
		const user = requireUser(actor);
		const { sessionId } = parseInput(sessionRef, payload);
		const read = found(await this.readForAdmission(sessionId), 'session');
		const access = await admitTo(this.ctx, user, read.row, read.challenge);
		const previous = this.presence.sessionOf(socket.id);
		if (previous !== null && previous !== sessionId) await this.leave(socket);
		await socket.join([
			rooms.session(sessionId),
			rooms.challenge(read.challenge.id),
			...(access.role === 'facilitator' ? [rooms.facilitators(sessionId)] : [])
		]);
		// Read after every joiner is in the room: a state change from now on reaches them as an
		// event, and one published before dropped the shared read first (`stateChanged`), so
		// this read is never older than what they already heard.
		const [presence, state, waiting] = await Promise.all([
			previous === sessionId
				? this.ctx.presence.snapshot(rooms.session(sessionId))
				: this.enter(sessionId, {
						connectionId: socket.id,
						userId: user.id,
						name: user.name,
						teamId: user.teamId,
						role: access.role,
						state: 'active',
						nodeId: this.ctx.nodeId
					}),
			this.readForAdmission(sessionId),
			waitingFor(this.ctx, access)
		]);
		// Closed while the join was in flight: its disconnect found nothing to remove, so remove
		// the entry just written, or it would stay as a ghost of a live node.
		if (!socket.connected) {
			this.presence.depart(socket.id);
			throw new DomainError('conflict', 'The connection closed while joining.');
		}
		return {
			...sessionState((state ?? read).row),
			connections: presence.entries.map(toConnection),
			presenceSeq: presence.seq,
			waiting,
			you: { role: access.role }
		};
	}

	async leave(socket: SessionSocket): Promise<void> {
		this.presence.depart(socket.id);
		await socket.leaveSessionRooms();
	}

	/** The session's state changed: the next join reads it afresh. */
	stateChanged(sessionId: string): void {
		this.admissionReads.delete(sessionId);
	}

	/** A challenge's invitations changed: the next join reads them afresh. */
	forget(challengeId: string): void {
		this.admissionReads.forget((read) => read?.challenge.id === challengeId);
	}

	/**
	 * Joins arriving within a second share one read of the session and challenge. A state change
	 * drops it (`stateChanged`); a revoked invitation still takes effect: `revalidateChallenge`
	 * forgets the read and removes the sockets of those who lost access.
	 */
	private readForAdmission(sessionId: string): Promise<AdmissionRead> {
		return this.admissionReads.get(sessionId, async () => {
			const row = await loadSession(this.ctx.db, sessionId);
			if (!row) return null;
			return { row, challenge: (await loadChallenge(this.ctx.db, row.challengeId))! };
		});
	}
}
