import { api } from '$lib/server/api';
import { markRead } from '$lib/server/notifications/service';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ ctx, actor, body }) =>
	markRead(ctx, actor, await body())
);
