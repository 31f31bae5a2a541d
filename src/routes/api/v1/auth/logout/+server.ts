import { api } from '$lib/server/api';
import { logout } from '$lib/server/auth/service';
import { deleteSessionCookie } from '$lib/server/hooks/authenticate';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ ctx, event }) => {
	if (event.locals.sessionId) await logout(ctx, event.locals.sessionId);
	deleteSessionCookie(event.cookies, event.url);
	return { ok: true };
});
