import { api } from '$lib/server/api';
import { sponsorView } from '$lib/server/sponsor/view';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor, event }) =>
	sponsorView(ctx, actor, Object.fromEntries(event.url.searchParams))
);
