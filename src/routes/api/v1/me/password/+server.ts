import { api } from '$lib/server/api';
import { changePassword } from '$lib/server/auth/account';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ ctx, actor, event, body }) =>
	changePassword(ctx, actor, event.locals.sessionId, await body(), event.getClientAddress())
);
