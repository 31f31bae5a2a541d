import type { Server, Socket } from 'socket.io';
import type { PublicUser } from '../../src/lib/shared/auth.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/shared/realtime.ts';

export interface SocketData {
	user: PublicUser;
	/** The login session that authenticated this socket (not a live session). */
	authSessionId: string;
}

type InterServerEvents = Record<string, never>;

export type AppServer = Server<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SocketData
>;
export type AppSocket = Socket<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SocketData
>;
