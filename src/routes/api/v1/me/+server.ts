import { api } from '$lib/server/api';
import { requireUser } from '$lib/server/auth/access';
import { updateProfile } from '$lib/server/auth/account';

export const GET = api(async ({ actor }) => ({ user: requireUser(actor) }));

export const PATCH = api(async ({ ctx, actor, body }) => ({
	user: await updateProfile(ctx, actor, await body())
}));
