import type { AppContext } from '../../src/lib/server/context.ts';
import { revealPrivateNotes } from '../../src/lib/server/board/reveal.ts';
import { sessionRef } from '../../src/lib/server/sessions/join.ts';
import { parseInput } from '../../src/lib/shared/validate.ts';
import type { AppSocket } from './types.ts';
import type { commandRegistrar } from './commands.ts';

/** Board commands over socket.io; the board itself speaks y-websocket (server/yjs). */
export function registerBoardHandlers(
	ctx: AppContext,
	socket: AppSocket,
	register: ReturnType<typeof commandRegistrar>
): void {
	register(socket, 'board:reveal', async (payload) => {
		const { sessionId } = parseInput(sessionRef, payload);
		return revealPrivateNotes(ctx, socket.data.user, sessionId);
	});
}
