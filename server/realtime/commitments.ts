import { z } from 'zod';
import type { AppContext } from '../../src/lib/server/context.ts';
import { createCommitment, updateCommitment } from '../../src/lib/server/commitments/service.ts';
import { parseInput } from '../../src/lib/shared/validate.ts';
import type { commandRegistrar } from './commands.ts';
import { withSession } from './sessions.ts';
import type { AppSocket } from './types.ts';

const commitmentRef = z.looseObject({
	commitmentId: z.string({ error: 'commitmentId is required.' }).min(1).max(64)
});

/** `commitment:create` and `commitment:update`: twins of the JSON routes, same services. */
export function registerCommitmentHandlers(
	ctx: AppContext,
	socket: AppSocket,
	register: ReturnType<typeof commandRegistrar>
): void {
	const user = socket.data.user;
	register(socket, 'commitment:create', async (payload) => {
		const { sessionId, body } = withSession(payload);
		return createCommitment(ctx, user, sessionId, body);
	});
	register(socket, 'commitment:update', async (payload) => {
		const { commitmentId, ...patch } = parseInput(commitmentRef, payload);
		return updateCommitment(ctx, user, commitmentId, patch);
	});
}
