import { json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { signup } from '$lib/server/auth/service';
import { setSessionCookie } from '$lib/server/hooks/authenticate';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ ctx, event, body }) => {
	const { user, token, session } = await signup(ctx, await body());
	setSessionCookie(event.cookies, event.url, token, session.expiresAt);
	return json({ user }, { status: 201 });
});
