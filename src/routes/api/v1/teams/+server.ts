import { json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { createTeam, listTeamsToManage } from '$lib/server/teams/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor }) => ({
	teams: await listTeamsToManage(ctx, actor)
}));

export const POST: RequestHandler = api(async ({ ctx, actor, body }) =>
	json({ team: await createTeam(ctx, actor, await body()) }, { status: 201 })
);
