import { api } from '$lib/server/api';
import { requireUser } from '$lib/server/auth/access';
import { changePassword } from '$lib/server/auth/account';

export const POST = api(async ({ ctx, actor, event, body }) => {
	requireUser(actor);
	return changePassword(ctx, actor, event.locals.sessionId, await body(), event.getClientAddress());
});
