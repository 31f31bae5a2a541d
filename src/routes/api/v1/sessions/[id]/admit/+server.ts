import { api } from '$lib/server/api';
import { admit } from '$lib/server/sessions/admissions';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ ctx, actor, event, body }) => {
	await admit(ctx, actor, event.params.id, await body());
	return { ok: true };
});
