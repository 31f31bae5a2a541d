import { api } from '$lib/server/api';
import { sessionReply } from '$lib/server/sessions/api';
import { endSession } from '$lib/server/sessions/commands';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ ctx, actor, event }) =>
	sessionReply(await endSession(ctx, actor, event.params.id))
);
