import type { PublicUser } from './auth.ts';

/** socket.io events the server emits; documented in docs/realtime.md. */
export interface ServerToClientEvents {
	ready: (payload: { user: PublicUser }) => void;
}

/** socket.io commands a client may send; each is answered by an `Ack`. */
export type ClientToServerEvents = Record<string, never>;

export type Ack<T extends object = object> =
	| ({ ok: true } & T)
	| { ok: false; error: { code: string; message: string } };
