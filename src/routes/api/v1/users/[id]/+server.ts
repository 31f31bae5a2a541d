import { api } from '$lib/server/api';
import { requireAdmin } from '$lib/server/auth/access';
import { updateUser } from '$lib/server/users/service';

export const PATCH = api(async ({ ctx, actor, event, body }) => {
	requireAdmin(actor);
	return { user: await updateUser(ctx, actor, event.params.id!, await body()) };
});
