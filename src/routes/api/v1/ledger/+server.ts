import { api } from '$lib/server/api';
import { quarterLedger } from '$lib/server/ledger/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor, event }) =>
	quarterLedger(ctx, actor, Object.fromEntries(event.url.searchParams))
);
