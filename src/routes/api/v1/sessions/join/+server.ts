import { api } from '$lib/server/api';
import { joinByCode } from '$lib/server/sessions/admissions';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ ctx, actor, body }) => ({
	session: await joinByCode(ctx, actor, await body())
}));
