import { json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { createApiToken, listApiTokens } from '$lib/server/auth/tokens';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor }) => ({
	tokens: await listApiTokens(ctx, actor)
}));

export const POST: RequestHandler = api(async ({ ctx, actor, body }) => {
	const { token, info } = await createApiToken(ctx, actor, await body());
	return json({ token, ...info }, { status: 201 });
});
