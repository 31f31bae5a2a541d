import { json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { requireUser } from '$lib/server/auth/access';
import { createApiToken, listApiTokens } from '$lib/server/auth/tokens';

export const GET = api(async ({ ctx, actor }) => ({ tokens: await listApiTokens(ctx, actor) }));

export const POST = api(async ({ ctx, actor, body }) => {
	requireUser(actor);
	const { token, info } = await createApiToken(ctx, actor, await body());
	return json({ token, ...info }, { status: 201 });
});
