import { api } from '$lib/server/api';
import { requireUser } from '$lib/server/auth/access';
import { admit } from '$lib/server/sessions/service';

export const POST = api(async ({ ctx, actor, event, body }) => {
	requireUser(actor);
	await admit(ctx, actor, event.params.id!, await body());
	return { ok: true };
});
