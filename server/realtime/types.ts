import type { Server, Socket } from 'socket.io';
import type { PublicUser } from '../../src/lib/shared/auth.ts';
import type { Revocation } from '../yjs/revocation.ts';
import type {
	ClientToServerEvents,
	ServerToClientEvents,
	SessionState
} from '../../src/lib/shared/realtime.ts';

export interface SocketData {
	user: PublicUser;
	/** The login session that authenticated this socket (not a live session). */
	authSessionId: string;
}

/** Notices between nodes, carried by the socket.io adapter. */
interface InterServerEvents {
	'board:revoke': (revocation: Revocation) => void;
	'session:state': (state: SessionState) => void;
}

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
