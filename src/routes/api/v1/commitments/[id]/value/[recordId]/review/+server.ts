import { api } from '$lib/server/api';
import { reviewValue } from '$lib/server/value/service';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ ctx, actor, event, body }) =>
	reviewValue(ctx, actor, event.params.id, event.params.recordId, await body())
);
