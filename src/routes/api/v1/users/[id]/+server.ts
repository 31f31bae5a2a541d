import { api } from '$lib/server/api';
import { updateUser } from '$lib/server/users/service';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = api(async ({ ctx, actor, event, body }) => ({
	user: await updateUser(ctx, actor, event.params.id, await body())
}));
