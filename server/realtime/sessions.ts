import { z } from 'zod';
import type { AppContext } from '../../src/lib/server/context.ts';
import {
	admit,
	authorizeSession,
	commandTimer,
	endSession,
	listWaiting,
	sessionState,
	setNotice,
	setStage
} from '../../src/lib/server/sessions/service.ts';
import { loadSession } from '../../src/lib/server/sessions/queries.ts';
import { listConnections, toConnection } from '../../src/lib/server/sessions/presence.ts';
import { PRESENCE_STATES } from '../../src/lib/shared/sessions.ts';
import { rooms, type JoinedSession } from '../../src/lib/shared/realtime.ts';
import { parseInput } from '../../src/lib/shared/validate.ts';
import { DomainError } from '../../src/lib/shared/errors.ts';
import type { AppServer, AppSocket } from './types.ts';
import type { PresenceTracker } from './presence.ts';
import type { commandRegistrar } from './commands.ts';

const sessionRef = z.strictObject({ sessionId: z.string().min(1).max(64) });
const presenceInput = z.strictObject({ state: z.enum(PRESENCE_STATES) });

/** Splits `{sessionId, ...rest}` so HTTP and socket commands share one service call. */
function withSession(payload: unknown): { sessionId: string; body: Record<string, unknown> } {
	const ref = parseInput(z.looseObject({ sessionId: sessionRef.shape.sessionId }), payload);
	const { sessionId, ...body } = ref;
	return { sessionId, body };
}

export function registerSessionHandlers(
	ctx: AppContext,
	io: AppServer,
	socket: AppSocket,
	presence: PresenceTracker,
	register: ReturnType<typeof commandRegistrar>
): void {
	const user = socket.data.user;

	register(socket, 'time:sync', async () => ({ serverNow: Date.now() }));

	register(socket, 'session:join', async (payload): Promise<JoinedSession> => {
		const { sessionId } = parseInput(sessionRef, payload);
		const { row, challenge, role } = await authorizeSession(ctx, user, sessionId);
		const current = presence.get(socket.id);
		if (current && current.sessionId !== sessionId) await leave();
		const room = rooms.session(sessionId);
		await socket.join([
			room,
			rooms.challenge(challenge.id),
			...(role === 'facilitator' ? [rooms.facilitators(sessionId)] : [])
		]);
		if (current?.sessionId !== sessionId) {
			const entry = {
				connectionId: socket.id,
				userId: user.id,
				name: user.name,
				teamId: user.teamId,
				role,
				state: 'active',
				nodeId: ctx.nodeId
			};
			await presence.arrive(sessionId, entry);
			socket.to(room).emit('presence:joined', { sessionId, connection: toConnection(entry) });
		}
		// Read the state after joining the room: any change from now on reaches this socket as an
		// event, so the answer is never older than what the socket already heard.
		return {
			...sessionState((await loadSession(ctx.db, sessionId)) ?? row),
			connections: await listConnections(ctx, sessionId),
			waiting: role === 'facilitator' ? await listWaiting(ctx, sessionId) : null,
			you: { role }
		};
	});

	async function leave(): Promise<void> {
		const current = presence.get(socket.id);
		if (!current) return;
		await presence.depart(socket.id);
		for (const room of socket.rooms)
			if (room.startsWith('session:') || room.startsWith('challenge:')) await socket.leave(room);
	}

	register(socket, 'session:leave', async () => {
		await leave();
		return {};
	});

	register(socket, 'presence:state', async (payload) => {
		const { state } = parseInput(presenceInput, payload);
		const changed = await presence.setState(socket.id, state);
		if (!changed && !presence.get(socket.id))
			throw new DomainError('conflict', 'Join a session first.');
		if (changed) {
			io.to(rooms.session(changed.sessionId)).emit('presence:changed', {
				sessionId: changed.sessionId,
				connectionId: socket.id,
				state
			});
		}
		return {};
	});

	register(socket, 'stage:set', async (payload) => {
		const { sessionId, body } = withSession(payload);
		return setStage(ctx, user, sessionId, body);
	});
	register(socket, 'timer:command', async (payload) => {
		const { sessionId, body } = withSession(payload);
		return commandTimer(ctx, user, sessionId, body);
	});
	register(socket, 'session:notice', async (payload) => {
		const { sessionId, body } = withSession(payload);
		return setNotice(ctx, user, sessionId, body);
	});
	register(socket, 'session:end', async (payload) => {
		const { sessionId } = parseInput(sessionRef, payload);
		return endSession(ctx, user, sessionId);
	});
	register(socket, 'session:admit', async (payload) => {
		const { sessionId, body } = withSession(payload);
		await admit(ctx, user, sessionId, body);
		return {};
	});

	socket.on('disconnect', () => {
		void presence
			.depart(socket.id)
			.catch((error: unknown) => ctx.log.warn({ err: error }, 'presence departure failed'));
	});
}
