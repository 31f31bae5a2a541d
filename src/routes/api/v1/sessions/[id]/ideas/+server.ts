import { api } from '$lib/server/api';
import { authorizeVoter, readIdeas } from '$lib/server/votes/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor, event }) =>
	readIdeas(ctx, await authorizeVoter(ctx, actor, event.params.id))
);
