import { api } from '$lib/server/api';
import { calendar } from '$lib/server/challenges/calendar';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor }) => ({
	quarters: await calendar(ctx, actor)
}));
