import { api } from '$lib/server/api';
import { requireAdmin } from '$lib/server/auth/access';
import { renameTeam } from '$lib/server/teams/service';

export const PATCH = api(async ({ ctx, actor, event, body }) => {
	requireAdmin(actor);
	return { team: await renameTeam(ctx, actor, event.params.id!, await body()) };
});
