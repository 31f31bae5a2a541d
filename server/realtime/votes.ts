import type { AppContext } from '../../src/lib/server/context.ts';
import type { PresenceTracker } from '../../src/lib/server/presence/tracker.ts';
import { sessionRef } from '../../src/lib/server/sessions/join.ts';
import {
	castVote,
	readIdeas,
	revealVotes,
	type Voter
} from '../../src/lib/server/votes/service.ts';
import { DomainError } from '../../src/lib/shared/errors.ts';
import { parseInput } from '../../src/lib/shared/validate.ts';
import { withSession } from './sessions.ts';
import type { AppSocket } from './types.ts';
import type { commandRegistrar } from './commands.ts';

/**
 * The vote's socket twins of `/api/v1/sessions/<id>/ideas|votes|votes/reveal`. A socket votes in
 * the session it joined: the join admitted it with `authorizeSession`'s rule, and losing access
 * removes it, so a dot costs no second admission read.
 */
export function registerVoteHandlers(
	ctx: AppContext,
	socket: AppSocket,
	presence: PresenceTracker,
	register: ReturnType<typeof commandRegistrar>
): void {
	const voter = (sessionId: string): Voter => {
		if (presence.sessionOf(socket.id) !== sessionId)
			throw new DomainError('forbidden', 'Join the session before voting in it.');
		return { user: socket.data.user, sessionId };
	};
	register(socket, 'votes:ideas', async (payload) => {
		const { sessionId } = parseInput(sessionRef, payload);
		return readIdeas(ctx, voter(sessionId));
	});
	register(socket, 'votes:cast', async (payload) => {
		const { sessionId, body } = withSession(payload);
		return castVote(ctx, voter(sessionId), body);
	});
	register(socket, 'votes:reveal', async (payload) => {
		const { sessionId } = parseInput(sessionRef, payload);
		return revealVotes(ctx, socket.data.user, sessionId);
	});
}
