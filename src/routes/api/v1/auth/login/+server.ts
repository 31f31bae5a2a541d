import { api } from '$lib/server/api';
import { login } from '$lib/server/auth/service';
import { setSessionCookie } from '$lib/server/hooks/authenticate';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ ctx, event, body }) => {
	const { user, token, session } = await login(ctx, await body(), event.getClientAddress());
	setSessionCookie(event.cookies, event.url, token, session.expiresAt);
	return { user };
});
