import { api } from '$lib/server/api';
import { getSessionView } from '$lib/server/sessions/lifecycle';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor, event }) => ({
	session: await getSessionView(ctx, actor, event.params.id)
}));
