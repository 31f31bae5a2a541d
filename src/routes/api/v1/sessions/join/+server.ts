import { api } from '$lib/server/api';
import { requireUser } from '$lib/server/auth/access';
import { joinByCode } from '$lib/server/sessions/service';

export const POST = api(async ({ ctx, actor, body }) => {
	requireUser(actor);
	return { session: await joinByCode(ctx, actor, await body()) };
});
