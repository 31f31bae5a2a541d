import { api } from '$lib/server/api';
import { readBoard } from '$lib/server/board/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor, event }) =>
	readBoard(ctx, actor, event.params.id)
);
