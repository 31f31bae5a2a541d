import { api } from '$lib/server/api';
import { weeklyDigest } from '$lib/server/sponsor/digest';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor }) => weeklyDigest(ctx, actor));
