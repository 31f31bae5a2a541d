import { api } from '$lib/server/api';
import { revokeApiToken } from '$lib/server/auth/tokens';

export const DELETE = api(async ({ ctx, actor, event }) => {
	await revokeApiToken(ctx, actor, event.params.id!);
	return { ok: true };
});
