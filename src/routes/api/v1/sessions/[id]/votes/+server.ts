import { api } from '$lib/server/api';
import { authorizeVoter, castVote } from '$lib/server/votes/service';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ ctx, actor, event, body }) =>
	castVote(ctx, await authorizeVoter(ctx, actor, event.params.id), await body())
);
