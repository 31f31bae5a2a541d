import { api } from '$lib/server/api';
import { listPeople } from '$lib/server/users/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor }) => ({
	people: await listPeople(ctx, actor)
}));
