// Over 300 lines on purpose: connecting, re-joining, the clock, presence and commands share one
// connection attempt counter and one buffer, and split apart they would race each other.
import type { Socket } from 'socket.io-client';
import type {
	Ack,
	PresenceDelta,
	ServerToClientEvents,
	SessionState,
	StageChanged,
	WaitingPerson
} from '$lib/shared/realtime';
import type {
	LiveSession,
	Participant,
	ParticipantRole,
	PresenceState,
	TeamGroup
} from '$lib/shared/sessions';
import { applyDelta, viewFromSnapshot, type PresenceView } from '$lib/shared/presence';
import type { Stage } from '$lib/shared/stages';
import { estimateClockOffset, type TimerView } from '$lib/shared/timer';
import { ActivityMonitor } from './activity';
import { aggregateParticipants, groupByTeam } from '$lib/shared/participants';
import { appSocket, send, type AppSocket } from './socket';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'signed-out';

/** Stage, notice and timer: what every screen in the session follows. */
export interface LiveSnapshot {
	session: LiveSession;
	timer: TimerView;
}

/** What the page load read, so the first paint shows the server's state before the socket joins. */
export interface InitialSession extends LiveSnapshot {
	role: ParticipantRole;
	participants: Participant[];
	waiting: WaitingPerson[] | null;
}

export type CommandResult<T extends object = object> =
	({ ok: true } & T) | { ok: false; error: { code: string; message: string } };

export type TimerAction = 'start' | 'pause' | 'resume' | 'extend' | 'clear';

/** Round trips per clock measurement; the fastest one wins (see `estimateClockOffset`). */
const SYNC_ROUNDS = 5;
/** How often a failing reconnect may ask the HTTP API whether the login session still holds. */
const AUTH_CHECK_INTERVAL_MS = 5000;

type PresenceEvent =
	{ type: 'delta'; delta: PresenceDelta } | { type: 'waiting'; waiting: WaitingPerson[] };

type Handlers = { [E in keyof ServerToClientEvents]?: ServerToClientEvents[E] };

/**
 * One live session over the tab's socket. On every connect, first or after a reconnect, it
 * measures the server clock and joins again, then takes the join's answer as the whole truth:
 * whatever was missed while away is replaced, not patched.
 */
export class LiveSessionState {
	readonly id: string;
	/** Stage, notice and timer, as the server last said. */
	current: LiveSnapshot;
	/** Server clock minus client clock, in ms: add it to `Date.now()` to read the server's time. */
	offset = $state(0);
	role: ParticipantRole;
	waiting: WaitingPerson[] | null;
	/** Why the server took this person out of the session, once it has. */
	removed = $state<string | null>(null);
	/** The login session ended (logged out in another tab, expired): the socket stays closed. */
	signedOut = $state(false);

	/** The merged presence view; rendered at most once a frame (a join storm is many deltas). */
	#view: PresenceView = viewFromSnapshot([]);
	#renderScheduled = false;
	#participants = $state.raw<Participant[]>([]);
	#joined = $state(false);
	#everJoined = $state(false);
	#closed = $state(false);
	#online = $state(true);

	get participants(): Participant[] {
		return this.#participants;
	}
	readonly teams: TeamGroup[] = $derived(groupByTeam(this.participants));

	#socket: AppSocket | null = null;
	#handlers: Handlers = {};
	/** Bumped on every connect and disconnect: answers to an older attempt are dropped. */
	#attempt = 0;
	/** Presence and waiting-list events that arrive while a join is in flight, replayed after it. */
	#buffer: PresenceEvent[] | null = null;
	#activity = new ActivityMonitor(() => this.#reportPresence());
	/** The presence state the server holds for this connection. */
	#reported: PresenceState | null = null;
	#authCheckedAt = -Infinity;
	#checkingAuth = false;

	constructor(id: string, initial: InitialSession) {
		this.id = id;
		this.current = $state.raw({ session: initial.session, timer: initial.timer });
		this.role = $state(initial.role);
		this.waiting = $state.raw(initial.waiting);
		// Until the first join answers, show who the page load saw.
		this.#view = viewFromSnapshot(
			initial.participants.map((p) => ({ ...p, connectionId: `initial:${p.userId}`, rev: 0 }))
		);
		this.#participants = aggregateParticipants([...this.#view.connections.values()]);
	}

	get status(): ConnectionStatus {
		if (this.signedOut) return 'signed-out';
		if (this.#closed || !this.#online) return 'offline';
		if (this.#joined) return 'live';
		return this.#everJoined ? 'reconnecting' : 'connecting';
	}

	get ended(): boolean {
		return this.current.session.stage === 'closed';
	}

	get isFacilitator(): boolean {
		return this.role === 'facilitator';
	}

	/** Attaches to the tab's socket; call once, in the browser. */
	start(): void {
		const socket = (this.#socket = appSocket());
		this.#handlers = {
			'session:state': (state) => {
				if (state.session.id === this.id) this.#applyState(state);
			},
			'presence:delta': (delta) => this.#presence(delta.sessionId, { type: 'delta', delta }),
			'session:waiting': ({ sessionId, waiting }) =>
				this.#presence(sessionId, { type: 'waiting', waiting }),
			'session:removed': ({ sessionId, message }) => {
				if (sessionId === this.id) this.removed = message;
			}
		};
		for (const [event, handler] of Object.entries(this.#handlers)) {
			socket.on(event as keyof ServerToClientEvents, handler as never);
		}
		socket.on('connect', this.#onConnect);
		socket.on('disconnect', this.#onDisconnect);
		socket.on('connect_error', this.#onConnectError);
		window.addEventListener('online', this.#onOnline);
		window.addEventListener('offline', this.#onOnline);
		this.#online = navigator.onLine;
		this.#activity.start();
		// The socket is shared by the tab: it may have connected before this page opened, or been
		// closed for good on an earlier page (signed out, removed) and need opening again.
		if (socket.connected) void this.#join();
		else if (!socket.active) {
			socket.io.reconnection(true);
			socket.connect();
		}
	}

	destroy(): void {
		const socket = this.#socket;
		this.#attempt++;
		this.#activity.stop();
		window.removeEventListener('online', this.#onOnline);
		window.removeEventListener('offline', this.#onOnline);
		if (!socket) return;
		for (const [event, handler] of Object.entries(this.#handlers)) {
			socket.off(event as keyof ServerToClientEvents, handler as never);
		}
		socket.off('connect', this.#onConnect);
		socket.off('disconnect', this.#onDisconnect);
		socket.off('connect_error', this.#onConnectError);
		// The socket outlives this page; leaving takes this tab out of the session's presence.
		if (socket.connected && this.#joined) void send('session:leave', { sessionId: this.id });
		this.#socket = null;
	}

	/** A paused timer the stage change dropped comes back as `droppedTimer`, to tell the facilitator. */
	setStage(to: Stage): Promise<CommandResult<Partial<Pick<StageChanged, 'droppedTimer'>>>> {
		return this.#command('stage:set', { sessionId: this.id, to });
	}

	timer(action: TimerAction, seconds?: number, autoAdvance?: boolean): Promise<CommandResult> {
		return this.#command('timer:command', {
			sessionId: this.id,
			action,
			...(seconds !== undefined ? { seconds } : {}),
			...(autoAdvance !== undefined ? { autoAdvance } : {})
		});
	}

	notice(text: string | null): Promise<CommandResult> {
		return this.#command('session:notice', { sessionId: this.id, text });
	}

	end(): Promise<CommandResult> {
		return this.#command('session:end', { sessionId: this.id });
	}

	admit(userId: string): Promise<CommandResult> {
		return this.#command('session:admit', { sessionId: this.id, userId });
	}

	async #command(
		event: 'stage:set' | 'timer:command' | 'session:notice' | 'session:end' | 'session:admit',
		payload: Record<string, unknown>
	): Promise<CommandResult<Partial<Pick<StageChanged, 'droppedTimer'>>>> {
		if (this.status !== 'live') {
			return refusal(
				'offline',
				'You are not connected right now. Wait for “Live”, then try again.'
			);
		}
		const ack: Ack<Partial<StageChanged>> = await send(event, payload);
		if (!ack.ok) return ack;
		// The facilitator sees the change at once; the broadcast of the same version is then a no-op.
		if (ack.session && ack.timer) this.#applyState(ack as SessionState);
		return { ok: true, droppedTimer: ack.droppedTimer ?? null };
	}

	#onConnect = (): void => void this.#join();

	#onDisconnect = (reason: Socket.DisconnectReason): void => {
		this.#attempt++;
		this.#joined = false;
		this.#buffer = null;
		this.#reported = null;
		// The server closed it on purpose (logged out, removed): socket.io will not reconnect.
		this.#closed = !this.#socket?.active;
		if (reason === 'io server disconnect') void this.#checkSignedIn();
	};

	/**
	 * A refused upgrade reaches socket.io as a bare `connect_error`, the same as a server that is
	 * down, and it keeps retrying. Only the HTTP API can tell a 401 apart; ask it now and then.
	 */
	#onConnectError = (): void => {
		const now = Date.now();
		if (now - this.#authCheckedAt < AUTH_CHECK_INTERVAL_MS) return;
		this.#authCheckedAt = now;
		void this.#checkSignedIn();
	};

	/** A 401 from `/api/v1/me` means no reconnect will be let in: stop trying and say so. */
	async #checkSignedIn(): Promise<void> {
		if (this.#checkingAuth || this.signedOut) return;
		this.#checkingAuth = true;
		try {
			const response = await fetch('/api/v1/me', { headers: { accept: 'application/json' } });
			const socket = this.#socket;
			if (!socket) return;
			// Still signed in after a server-side disconnect (an old server draining, say):
			// come back, unless this person was removed from the challenge.
			if (response.ok && !socket.active && this.removed === null) return void socket.connect();
			// Anything else but a 401 (a 5xx, a proxy's error page) says nothing about the login.
			if (response.status !== 401) return;
			this.signedOut = true;
			socket.io.reconnection(false);
			socket.disconnect();
		} catch {
			// No answer at all: the network or the server is down, and reconnecting is right.
		} finally {
			this.#checkingAuth = false;
		}
	}

	#onOnline = (): void => {
		this.#online = navigator.onLine;
	};

	async #join(): Promise<void> {
		const attempt = ++this.#attempt;
		const current = () => attempt === this.#attempt && this.#socket?.connected === true;
		this.#closed = false;
		this.#buffer = [];

		const samples: { sentAt: number; serverNow: number; receivedAt: number }[] = [];
		for (let i = 0; i < SYNC_ROUNDS; i++) {
			const sentAt = Date.now();
			const ack = await send('time:sync', {});
			if (!current()) return;
			if (ack.ok) samples.push({ sentAt, serverNow: ack.serverNow, receivedAt: Date.now() });
		}
		if (samples.length > 0) this.offset = estimateClockOffset(samples);

		const ack = await send('session:join', { sessionId: this.id });
		if (!current()) return;
		if (!ack.ok) {
			this.#buffer = null;
			if (ack.error.code === 'not_invited' || ack.error.code === 'not_found') {
				this.removed = ack.error.message;
			} else {
				// A refusal we can retry (rate limit, timeout): try again shortly.
				setTimeout(() => {
					if (current()) void this.#join();
				}, 2000);
			}
			return;
		}

		// The server read this before our room join settled, so an event may already be newer.
		if (ack.session.version >= this.current.session.version) {
			this.current = { session: ack.session, timer: ack.timer };
		}
		this.role = ack.you.role;
		this.waiting = ack.waiting;
		this.#view = viewFromSnapshot(ack.connections);
		// Deltas that raced the join's answer are merged on top (shared/presence.ts says why
		// that is safe in any order).
		const buffered = this.#buffer ?? [];
		this.#buffer = null;
		for (const event of buffered) this.#applyPresence(event);
		this.#render();

		this.#joined = true;
		this.#everJoined = true;
		this.#reported = 'active';
		this.#reportPresence();
	}

	#applyState(state: SessionState): void {
		if (state.session.version < this.current.session.version) return;
		this.current = { session: state.session, timer: state.timer };
	}

	#presence(sessionId: string, event: PresenceEvent): void {
		if (sessionId !== this.id) return;
		if (this.#buffer) this.#buffer.push(event);
		else this.#applyPresence(event);
	}

	#applyPresence(event: PresenceEvent): void {
		if (event.type === 'waiting') {
			if (this.role === 'facilitator') this.waiting = event.waiting;
		} else if (applyDelta(this.#view, event.delta) && !this.#buffer) this.#scheduleRender();
	}

	#scheduleRender(): void {
		if (this.#renderScheduled) return;
		this.#renderScheduled = true;
		requestAnimationFrame(() => this.#render());
	}

	#render(): void {
		this.#renderScheduled = false;
		this.#participants = aggregateParticipants([...this.#view.connections.values()]);
	}

	/** Tells the server this tab's presence, only when it differs from what the server holds. */
	#reportPresence(): void {
		const state = this.#activity.state;
		if (!this.#joined || this.#reported === state) return;
		this.#reported = state;
		void send('presence:state', { state }).then((ack) => {
			// Not held after all: the next change, or the next join, sends it again.
			if (!ack.ok && this.#reported === state) this.#reported = null;
		});
	}
}

function refusal(code: string, message: string): CommandResult {
	return { ok: false, error: { code, message } };
}
