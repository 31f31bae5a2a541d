import { api } from '$lib/server/api';
import { ownerCandidates } from '$lib/server/commitments/reads';
import type { RequestHandler } from './$types';

/** The owner picker's list: everyone, with their team and how many open commitments they hold. */
export const GET: RequestHandler = api(async ({ ctx, actor }) => ownerCandidates(ctx, actor));
