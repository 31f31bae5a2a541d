import { api } from '$lib/server/api';
import { revealVotes } from '$lib/server/votes/service';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ ctx, actor, event }) =>
	revealVotes(ctx, actor, event.params.id)
);
