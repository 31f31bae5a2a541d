import { api } from '$lib/server/api';
import { searchPractices } from '$lib/server/debriefs/library';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor, event }) =>
	searchPractices(ctx, actor, Object.fromEntries(event.url.searchParams))
);
