import { api } from '$lib/server/api';
import { revokeApiToken } from '$lib/server/auth/tokens';
import type { RequestHandler } from './$types';

export const DELETE: RequestHandler = api(async ({ ctx, actor, event }) => {
	await revokeApiToken(ctx, actor, event.params.id);
	return { ok: true };
});
