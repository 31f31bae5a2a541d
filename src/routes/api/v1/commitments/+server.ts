import { api } from '$lib/server/api';
import { listCommitments } from '$lib/server/commitments/reads';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor, event }) =>
	listCommitments(ctx, actor, Object.fromEntries(event.url.searchParams))
);
