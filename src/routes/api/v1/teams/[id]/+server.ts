import { api } from '$lib/server/api';
import { renameTeam } from '$lib/server/teams/service';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = api(async ({ ctx, actor, event, body }) => ({
	team: await renameTeam(ctx, actor, event.params.id, await body())
}));
