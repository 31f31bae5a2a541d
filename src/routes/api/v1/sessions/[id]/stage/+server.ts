import { api } from '$lib/server/api';
import { sessionReply } from '$lib/server/sessions/api';
import { setStage } from '$lib/server/sessions/commands';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ ctx, actor, event, body }) =>
	sessionReply(await setStage(ctx, actor, event.params.id, await body()))
);
