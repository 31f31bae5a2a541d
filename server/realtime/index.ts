import type { IncomingMessage } from 'node:http';
import { Server as EngineServer } from 'engine.io';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { AppContext, SocketControl } from '../../src/lib/server/context.ts';
import { mayStay } from '../../src/lib/server/sessions/access.ts';
import { SessionJoins } from '../../src/lib/server/sessions/join.ts';
import { PresenceTracker } from '../../src/lib/server/presence/tracker.ts';
import { advanceExpiredTimers } from '../../src/lib/server/sessions/auto-advance.ts';
import { rooms, type SessionState } from '../../src/lib/shared/realtime.ts';
import type { Identity } from '../auth.ts';
import type { UpgradeRoute } from '../upgrade.ts';
import { commandRegistrar } from './commands.ts';
import { registerSessionHandlers } from './sessions.ts';
import { registerBoardHandlers } from './board.ts';
import { registerCommitmentHandlers } from './commitments.ts';
import { registerVoteHandlers } from './votes.ts';
import type { AppServer, AppSocket } from './types.ts';

export interface Realtime {
	io: AppServer;
	route: UpgradeRoute;
	control: SocketControl;
	close(): Promise<void>;
}

const AUTO_ADVANCE_POLL_MS = 1000;

export function createRealtime(ctx: AppContext): Realtime {
	const maxBytes = ctx.config.MAX_MESSAGE_BYTES;
	// WebSocket only: no long-polling means no sticky sessions behind a load balancer.
	const engine = new EngineServer({
		transports: ['websocket'],
		maxHttpBufferSize: maxBytes,
		perMessageDeflate: false,
		httpCompression: false
	});
	const io: AppServer = new Server({ serveClient: false, transports: ['websocket'] });
	if (ctx.redis) {
		io.adapter(createAdapter(ctx.redis, { streamName: `${ctx.config.REDIS_PREFIX}socket.io` }));
	}
	io.bind(engine);

	const emit: SocketControl['emit'] = (room, event, ...args) => io.to(room).emit(event, ...args);
	const presence = new PresenceTracker(ctx, (room, delta) =>
		io.to(room).emit('presence:delta', delta)
	);
	presence.start();
	const joins = new SessionJoins(ctx, presence);
	const register = commandRegistrar(ctx.log);
	// Drop before telling: a join that misses this event reads the session afresh (join.ts).
	const stateChanged = (state: SessionState) => {
		joins.stateChanged(state.session.id);
		io.local.to(rooms.session(state.session.id)).emit('session:state', state);
	};
	if (ctx.redis) io.on('session:state', stateChanged);

	// The upgrade listener has already authenticated the request; hand the identity over.
	const identities = new WeakMap<IncomingMessage, Identity>();
	io.use((socket, next) => {
		const identity = identities.get(socket.request);
		if (!identity) return next(new Error('unauthenticated'));
		socket.data = { user: identity.user, authSessionId: identity.sessionId };
		next();
	});
	io.on('connection', (socket: AppSocket) => {
		void socket.join([rooms.auth(socket.data.authSessionId), rooms.user(socket.data.user.id)]);
		registerSessionHandlers(ctx, socket, joins, presence, register);
		registerBoardHandlers(ctx, socket, register);
		registerCommitmentHandlers(ctx, socket, register);
		registerVoteHandlers(ctx, socket, presence, register);
		register.refuseUnknown(socket);
		socket.emit('ready', { user: socket.data.user });
	});

	const autoAdvance = setInterval(() => {
		advanceExpiredTimers(ctx).catch((error: unknown) =>
			ctx.log.warn({ err: error }, 'auto-advance failed')
		);
	}, AUTO_ADVANCE_POLL_MS);
	autoAdvance.unref();

	const control: SocketControl = {
		emit,
		emitLocal: (room, event, ...args) => io.local.to(room).emit(event, ...args),
		publishState(state) {
			stateChanged(state);
			if (ctx.redis) io.serverSideEmit('session:state', state);
		},
		endAuthSession(authSessionId) {
			io.in(rooms.auth(authSessionId)).disconnectSockets(true);
		},
		refreshUser(userId) {
			io.in(rooms.user(userId)).disconnectSockets(true);
		},
		revalidateChallenge(challengeId) {
			joins.forget(challengeId);
			void removeUninvited(ctx, io, challengeId).catch((error: unknown) =>
				ctx.log.warn({ err: error, challengeId }, 'could not re-check session members')
			);
		}
	};

	return {
		io,
		control,
		route: {
			matches: (pathname) => pathname === '/socket.io/' || pathname === '/socket.io',
			handle(req, socket, head, identity) {
				identities.set(req, identity);
				engine.handleUpgrade(req, socket, head);
			}
		},
		async close() {
			clearInterval(autoAdvance);
			await presence.close();
			// io.close() drops connections without a disconnect packet, so clients see a transport
			// close and reconnect (to another node); a server-side disconnect would stop them.
			await new Promise<void>((resolve) => io.close(() => resolve()));
		}
	};
}

/** Closes, on every node, the sockets of people who may no longer see the challenge. */
async function removeUninvited(ctx: AppContext, io: AppServer, challengeId: string): Promise<void> {
	const sockets = await io.in(rooms.challenge(challengeId)).fetchSockets();
	const members = sockets.map((socket) => ({
		user: socket.data.user,
		sessionIds: [...socket.rooms].flatMap((room) => /^session:([^:]+)$/.exec(room)?.[1] ?? [])
	}));
	const stays = await mayStay(ctx, challengeId, members);
	sockets.forEach((socket, i) => {
		if (stays[i]) return;
		for (const sessionId of members[i]!.sessionIds) {
			socket.emit('session:removed', {
				sessionId,
				message: 'You are no longer invited to this challenge.'
			});
		}
		socket.disconnect(true);
	});
}
