import { api } from '$lib/server/api';
import { recentWins } from '$lib/server/recognition/wins';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor }) => recentWins(ctx, actor));
