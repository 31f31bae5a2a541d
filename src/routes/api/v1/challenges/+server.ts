import { json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { createChallenge, listChallenges } from '$lib/server/challenges/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor }) => ({
	challenges: await listChallenges(ctx, actor)
}));

export const POST: RequestHandler = api(async ({ ctx, actor, body }) =>
	json({ challenge: await createChallenge(ctx, actor, await body()) }, { status: 201 })
);
