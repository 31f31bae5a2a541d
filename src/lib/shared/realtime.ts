import type { PublicUser } from './auth.ts';
import type { LiveSession, Participant } from './sessions.ts';
import type { PresenceConnection, PresenceDelta } from './presence.ts';
import type { TimerView } from './timer.ts';
import type { Commitment, NamedCommitment } from './commitments.ts';
import type { AppNotification } from './notifications.ts';
import type { CastResult, VoteIdeas, VoteProgress, VotesRevealed } from './votes.ts';

export type { PresenceConnection, PresenceDelta } from './presence.ts';

/** Stage, timer and notice: everything a participant's screen follows. */
export interface SessionState {
	session: LiveSession;
	timer: TimerView;
	/** Server clock (epoch ms) when this state was read, for the client's clock offset. */
	serverNow: number;
}

/** The answer to a stage change: the new state, and a paused timer the change dropped. */
export interface StageChanged extends SessionState {
	droppedTimer: { remainingMs: number } | null;
}

export interface WaitingPerson {
	userId: string;
	name: string;
	teamId: string | null;
	requestedAt: number;
}

/** socket.io events the server emits; documented in docs/realtime.md. */
export interface ServerToClientEvents {
	ready: (payload: { user: PublicUser }) => void;
	'session:state': (state: SessionState) => void;
	/** Joins, state changes and leaves on one node, coalesced per flush (shared/presence.ts). */
	'presence:delta': (payload: PresenceDelta) => void;
	'session:waiting': (payload: { sessionId: string; waiting: WaitingPerson[] }) => void;
	'session:admitted': (payload: { sessionId: string }) => void;
	'session:removed': (payload: { sessionId: string; message: string }) => void;
	/** A board change of yours (or, for facilitators, anyone's) was not applied, and why. */
	'board:refused': (payload: { sessionId: string; code: string; message: string }) => void;
	/** Private writing: how many notes the board holds so far, hidden ones included. */
	'board:written': (payload: { sessionId: string; written: number }) => void;
	/** The facilitator revealed the private notes (also sent when leaving `diverge` reveals them). */
	'board:revealed': (payload: { sessionId: string; revealed: number }) => void;
	/** A commitment made or changed in the session (contributors hidden on anonymous challenges). */
	'commitment:created': (payload: { sessionId: string; commitment: NamedCommitment }) => void;
	'commitment:updated': (payload: { sessionId: string; commitment: NamedCommitment }) => void;
	/** Something you own, sponsor or follow moved; sent to `rooms.user(you)`. */
	'notification:new': (payload: { notification: AppNotification }) => void;
	/** The vote's ideas are ready (snapshotted): read them with `votes:ideas`. */
	'votes:opened': (payload: { sessionId: string }) => void;
	/** Counts only, never tallies: at most every 250 ms per node and session. */
	'votes:progress': (payload: { sessionId: string } & VoteProgress) => void;
	'votes:revealed': (payload: VotesRevealed) => void;
}

export type Ack<T extends object = object> =
	({ ok: true } & T) | { ok: false; error: { code: string; message: string } };

export type AckFn<T extends object = object> = (ack: Ack<T>) => void;

export interface JoinedSession extends SessionState {
	connections: PresenceConnection[];
	/** The presence snapshot's sequence number (shared/presence.ts). */
	presenceSeq: number;
	waiting: WaitingPerson[] | null;
	you: { role: Participant['role'] };
}

/** socket.io commands a client may send; each is answered by an `Ack`. */
export interface ClientToServerEvents {
	'time:sync': (payload: unknown, ack: AckFn<{ serverNow: number }>) => void;
	'session:join': (payload: unknown, ack: AckFn<JoinedSession>) => void;
	'session:leave': (payload: unknown, ack: AckFn) => void;
	'presence:state': (payload: unknown, ack: AckFn) => void;
	'stage:set': (payload: unknown, ack: AckFn<StageChanged>) => void;
	'timer:command': (payload: unknown, ack: AckFn<SessionState>) => void;
	'session:notice': (payload: unknown, ack: AckFn<SessionState>) => void;
	'session:end': (payload: unknown, ack: AckFn<SessionState>) => void;
	'session:admit': (payload: unknown, ack: AckFn) => void;
	'board:reveal': (payload: unknown, ack: AckFn<{ revealed: number }>) => void;
	'commitment:create': (payload: unknown, ack: AckFn<{ commitment: Commitment }>) => void;
	'commitment:update': (payload: unknown, ack: AckFn<{ commitment: Commitment }>) => void;
	'votes:ideas': (payload: unknown, ack: AckFn<VoteIdeas>) => void;
	'votes:cast': (payload: unknown, ack: AckFn<CastResult>) => void;
	'votes:reveal': (payload: unknown, ack: AckFn<VoteIdeas>) => void;
}

export const rooms = {
	session: (id: string) => `session:${id}`,
	facilitators: (id: string) => `session:${id}:facilitators`,
	challenge: (id: string) => `challenge:${id}`,
	user: (id: string) => `user:${id}`,
	auth: (sessionId: string) => `auth:${sessionId}`
};
