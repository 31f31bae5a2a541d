import { api } from '$lib/server/api';
import { getDebrief, saveDebrief } from '$lib/server/debriefs/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor, event }) =>
	getDebrief(ctx, actor, event.params.id)
);

export const PUT: RequestHandler = api(async ({ ctx, actor, event, body }) =>
	saveDebrief(ctx, actor, event.params.id, await body())
);
