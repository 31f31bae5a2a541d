import type { Socket } from 'socket.io-client';
import type {
	Ack,
	ServerToClientEvents,
	SessionState,
	StageChanged,
	WaitingPerson
} from '$lib/shared/realtime';
import type { Participant, ParticipantRole, PresenceState, TeamGroup } from '$lib/shared/sessions';
import type { Stage } from '$lib/shared/stages';
import { ActivityMonitor } from './activity';
import { LivePresence } from './live-presence.svelte';
import { LoginWatch } from './login-watch.svelte';
import { syncServerClock } from './server-clock';
import { appSocket, send, type AppSocket } from './socket';
import {
	refusal,
	type CommandResult,
	type ConnectionStatus,
	type InitialSession,
	type LiveSnapshot,
	type TimerAction
} from './live-session-types';

export type {
	CommandResult,
	ConnectionStatus,
	InitialSession,
	LiveSnapshot,
	TimerAction
} from './live-session-types';

type Handlers = { [E in keyof ServerToClientEvents]?: ServerToClientEvents[E] };

/**
 * One live session over the tab's socket. On every connect, first or after a reconnect, it
 * measures the server clock and joins again, then takes the join's answer as the whole truth:
 * whatever was missed while away is replaced, not patched. One attempt counter, bumped on every
 * connect and disconnect, drops the answers of an older attempt, for the clock and presence too.
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

	#presence: LivePresence;
	#login = new LoginWatch(
		() => this.#socket,
		() => this.removed === null
	);
	#joined = $state(false);
	#everJoined = $state(false);
	#closed = $state(false);
	#online = $state(true);

	#socket: AppSocket | null = null;
	#handlers: Handlers = {};
	#attempt = 0;
	/** A join is in flight: presence and waiting-list events wait for its answer. */
	#joining = false;
	/** The waiting list as last sent while a join was in flight. */
	#waitingDuringJoin: WaitingPerson[] | null = null;
	#activity = new ActivityMonitor(() => this.#reportPresence());
	/** The presence state the server holds for this connection. */
	#reported: PresenceState | null = null;

	constructor(id: string, initial: InitialSession) {
		this.id = id;
		this.current = $state.raw({ session: initial.session, timer: initial.timer });
		this.role = $state(initial.role);
		this.waiting = $state.raw(initial.waiting);
		this.#presence = new LivePresence(initial.participants);
	}

	get participants(): Participant[] {
		return this.#presence.participants;
	}

	get teams(): TeamGroup[] {
		return this.#presence.teams;
	}

	/** The login session ended (logged out in another tab, expired): the socket stays closed. */
	get signedOut(): boolean {
		return this.#login.signedOut;
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
			'presence:delta': (delta) => {
				if (delta.sessionId === this.id) this.#presence.apply(delta);
			},
			'session:waiting': ({ sessionId, waiting }) => {
				if (sessionId !== this.id) return;
				if (this.#joining) this.#waitingDuringJoin = waiting;
				else this.#applyWaiting(waiting);
			},
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
		this.#stopJoining();
		this.#reported = null;
		// The server closed it on purpose (logged out, removed): socket.io will not reconnect.
		this.#closed = !this.#socket?.active;
		if (reason === 'io server disconnect') void this.#login.check();
	};

	#onConnectError = (): void => this.#login.onConnectError();

	#onOnline = (): void => {
		this.#online = navigator.onLine;
	};

	async #join(): Promise<void> {
		const attempt = ++this.#attempt;
		const current = () => attempt === this.#attempt && this.#socket?.connected === true;
		this.#closed = false;
		this.#joining = true;
		this.#presence.joining();

		await syncServerClock(current, (offset) => (this.offset = offset));
		if (!current()) return;

		const ack = await send('session:join', { sessionId: this.id });
		if (!current()) return;
		if (!ack.ok) {
			this.#stopJoining();
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
		// Events that raced the answer go on top of it (presence by its sequence rule).
		const waiting = this.#waitingDuringJoin;
		this.#presence.joined(ack);
		this.#stopJoining();
		if (waiting) this.#applyWaiting(waiting);

		this.#joined = true;
		this.#everJoined = true;
		this.#reported = 'active';
		this.#reportPresence();
	}

	#stopJoining(): void {
		this.#joining = false;
		this.#waitingDuringJoin = null;
		this.#presence.stopJoining();
	}

	#applyWaiting(waiting: WaitingPerson[]): void {
		if (this.role === 'facilitator') this.waiting = waiting;
	}

	#applyState(state: SessionState): void {
		if (state.session.version < this.current.session.version) return;
		this.current = { session: state.session, timer: state.timer };
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
