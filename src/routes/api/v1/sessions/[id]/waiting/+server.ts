import { api } from '$lib/server/api';
import { listWaiting } from '$lib/server/sessions/admissions';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor, event }) => ({
	waiting: await listWaiting(ctx, actor, event.params.id)
}));
