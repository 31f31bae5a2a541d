import type { AppContext, SocketControl } from '../../src/lib/server/context.ts';
import { stillAllowed } from '../../src/lib/server/board/access.ts';
import type { AppServer } from '../realtime/types.ts';
import type { BoardConnection, YjsEndpoint } from './endpoint.ts';

const CLOSE_POLICY = 1008;

/** Whose board sockets must close: a login session, a person, or everyone a challenge lost. */
export type Revocation =
	| { kind: 'authSession'; id: string }
	| { kind: 'user'; id: string }
	| { kind: 'challenge'; id: string };

export const REVOKE_EVENT = 'board:revoke';

/**
 * Extends the socket.io control so that whatever closes someone's socket.io connections closes
 * their board sockets too, on every node: socket.io's adapter carries the notice to the other
 * nodes (serverSideEmit reaches only the others, so this node applies it itself).
 */
export function withBoardRevocation(
	ctx: AppContext,
	io: AppServer,
	yjs: YjsEndpoint,
	control: SocketControl
): SocketControl {
	const apply = (revocation: Revocation): void => {
		void revoke(ctx, yjs, revocation).catch((error: unknown) =>
			ctx.log.warn({ err: error, revocation }, 'could not re-check board connections')
		);
	};
	if (ctx.redis) io.on(REVOKE_EVENT, apply);
	const everywhere = (revocation: Revocation): void => {
		apply(revocation);
		if (ctx.redis) io.serverSideEmit(REVOKE_EVENT, revocation);
	};
	return {
		...control,
		endAuthSession(id) {
			control.endAuthSession(id);
			everywhere({ kind: 'authSession', id });
		},
		refreshUser(id) {
			control.refreshUser(id);
			everywhere({ kind: 'user', id });
		},
		revalidateChallenge(id) {
			control.revalidateChallenge(id);
			everywhere({ kind: 'challenge', id });
		}
	};
}

async function revoke(ctx: AppContext, yjs: YjsEndpoint, revocation: Revocation): Promise<void> {
	for (const connection of [...yjs.connections()]) {
		if (await mustClose(ctx, connection, revocation)) {
			connection.close(CLOSE_POLICY, 'access changed');
		}
	}
}

async function mustClose(
	ctx: AppContext,
	{ identity, access }: BoardConnection,
	revocation: Revocation
): Promise<boolean> {
	switch (revocation.kind) {
		case 'authSession':
			return identity.sessionId === revocation.id;
		case 'user':
			return identity.user.id === revocation.id;
		case 'challenge':
			return (
				access.challengeId === revocation.id && !(await stillAllowed(ctx, identity.user, access))
			);
	}
}
