/** What a live session's screens and commands exchange with `LiveSessionState`. */
import type { WaitingPerson } from '$lib/shared/realtime';
import type { LiveSession, Participant, ParticipantRole } from '$lib/shared/sessions';
import type { TimerView } from '$lib/shared/timer';

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

export function refusal(code: string, message: string): CommandResult {
	return { ok: false, error: { code, message } };
}
