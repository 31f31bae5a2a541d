import { json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { requireAdmin } from '$lib/server/auth/access';
import { createTeam, listTeams } from '$lib/server/teams/service';

export const GET = api(async ({ ctx, actor }) => {
	requireAdmin(actor);
	return { teams: await listTeams(ctx) };
});

export const POST = api(async ({ ctx, actor, body }) => {
	requireAdmin(actor);
	return json({ team: await createTeam(ctx, actor, await body()) }, { status: 201 });
});
