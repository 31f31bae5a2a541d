import { api } from '$lib/server/api';
import { challengeLedger } from '$lib/server/ledger/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor, event }) =>
	challengeLedger(ctx, actor, event.params.id)
);
