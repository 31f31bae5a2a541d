import { api } from '$lib/server/api';
import { requireUser } from '$lib/server/auth/access';
import { updateProfile } from '$lib/server/auth/account';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ actor }) => ({ user: requireUser(actor) }));

export const PATCH: RequestHandler = api(async ({ ctx, actor, body }) => ({
	user: await updateProfile(ctx, actor, await body())
}));
