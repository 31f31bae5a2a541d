import type { IncomingMessage } from 'node:http';
import { Server as EngineServer } from 'engine.io';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { AppContext } from '../../src/lib/server/context.ts';
import type { Identity } from '../auth.ts';
import type {
	ClientToServerEvents,
	ServerToClientEvents
} from '../../src/lib/shared/realtime.ts';
import type { UpgradeRoute } from '../upgrade.ts';

export interface SocketData {
	user: Identity['user'];
	sessionId: string;
}

export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface Realtime {
	io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
	route: UpgradeRoute;
	/** Closes every socket opened with this login session, on every node. */
	endAuthSession(sessionId: string): void;
	close(): Promise<void>;
}

const authRoom = (sessionId: string) => `auth:${sessionId}`;

export function createRealtime(ctx: AppContext): Realtime {
	const maxBytes = ctx.config.MAX_MESSAGE_BYTES;
	// WebSocket only: no long-polling means no sticky sessions behind a load balancer.
	const engine = new EngineServer({
		transports: ['websocket'],
		maxHttpBufferSize: maxBytes,
		perMessageDeflate: false,
		httpCompression: false
	});
	const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>({ serveClient: false, transports: ['websocket'] });
	if (ctx.redis) {
		io.adapter(createAdapter(ctx.redis, { streamName: `${ctx.config.REDIS_PREFIX}socket.io` }));
	}
	io.bind(engine);

	// The upgrade listener has already authenticated the request; hand the identity over.
	const identities = new WeakMap<IncomingMessage, Identity>();
	io.use((socket, next) => {
		const identity = identities.get(socket.request);
		if (!identity) return next(new Error('unauthenticated'));
		socket.data = { user: identity.user, sessionId: identity.sessionId };
		next();
	});
	io.on('connection', (socket: AppSocket) => {
		void socket.join([authRoom(socket.data.sessionId), `user:${socket.data.user.id}`]);
		socket.emit('ready', { user: socket.data.user });
	});

	return {
		io,
		route: {
			matches: (pathname) => pathname === '/socket.io/' || pathname === '/socket.io',
			handle(req, socket, head, identity) {
				identities.set(req, identity);
				engine.handleUpgrade(req, socket, head);
			}
		},
		endAuthSession(sessionId) {
			io.in(authRoom(sessionId)).disconnectSockets(true);
		},
		async close() {
			io.disconnectSockets(true);
			await new Promise<void>((resolve) => io.close(() => resolve()));
		}
	};
}
