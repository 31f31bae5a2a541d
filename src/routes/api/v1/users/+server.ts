import { api } from '$lib/server/api';
import { listUsers } from '$lib/server/users/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor }) => ({
	users: await listUsers(ctx, actor)
}));
