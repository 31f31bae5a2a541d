import { api } from '$lib/server/api';
import { summaryDownload } from '$lib/server/summary/download';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor, event }) =>
	summaryDownload(ctx, actor, event.params.id, Object.fromEntries(event.url.searchParams))
);
