import { api } from '$lib/server/api';
import { ledgerSeries } from '$lib/server/ledger/service';
import type { RequestHandler } from './$types';

/** The ledger page's chart: one point per quarter the caller has a visible challenge in. */
export const GET: RequestHandler = api(async ({ ctx, actor }) => ledgerSeries(ctx, actor));
