import { api } from '$lib/server/api';
import { revealPrivateNotes } from '$lib/server/board/reveal';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ ctx, actor, event }) =>
	revealPrivateNotes(ctx, actor, event.params.id)
);
