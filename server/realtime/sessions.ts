import { z } from 'zod';
import type { AppContext } from '../../src/lib/server/context.ts';
import { admit } from '../../src/lib/server/sessions/admissions.ts';
import {
	commandTimer,
	endSession,
	setNotice,
	setStage
} from '../../src/lib/server/sessions/commands.ts';
import { sessionRef, type SessionJoins } from '../../src/lib/server/sessions/join.ts';
import type { PresenceTracker } from '../../src/lib/server/presence/tracker.ts';
import { PRESENCE_STATES } from '../../src/lib/shared/sessions.ts';
import { parseInput } from '../../src/lib/shared/validate.ts';
import { DomainError } from '../../src/lib/shared/errors.ts';
import type { AppSocket } from './types.ts';
import type { commandRegistrar } from './commands.ts';

const presenceInput = z.strictObject({ state: z.enum(PRESENCE_STATES) });
// Built once: zod compiles a schema on its first parse, which cost a vote storm more than the cast.
const sessionPayload = z.looseObject({ sessionId: sessionRef.shape.sessionId });

/** Splits `{sessionId, ...rest}` so HTTP and socket commands share one service call. */
export function withSession(payload: unknown): {
	sessionId: string;
	body: Record<string, unknown>;
} {
	const ref = parseInput(sessionPayload, payload);
	const { sessionId, ...body } = ref;
	return { sessionId, body };
}

export function registerSessionHandlers(
	ctx: AppContext,
	socket: AppSocket,
	joins: SessionJoins,
	presence: PresenceTracker,
	register: ReturnType<typeof commandRegistrar>
): void {
	const user = socket.data.user;
	const transport = {
		id: socket.id,
		get connected() {
			return socket.connected;
		},
		join: (names: string[]) => socket.join(names),
		async leaveSessionRooms() {
			for (const room of socket.rooms)
				if (room.startsWith('session:') || room.startsWith('challenge:')) await socket.leave(room);
		}
	};

	register(socket, 'time:sync', async () => ({ serverNow: Date.now() }));
	register(socket, 'session:join', (payload) => joins.join(user, transport, payload));
	register(socket, 'session:leave', async () => {
		await joins.leave(transport);
		return {};
	});
	register(socket, 'presence:state', async (payload) => {
		const { state } = parseInput(presenceInput, payload);
		if (presence.setState(socket.id, state) === null)
			throw new DomainError('conflict', 'Join a session first.');
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

	socket.on('disconnect', () => presence.depart(socket.id));
}
