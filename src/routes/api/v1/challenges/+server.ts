import { json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { requireUser } from '$lib/server/auth/access';
import { createChallenge, listChallenges } from '$lib/server/challenges/service';

export const GET = api(async ({ ctx, actor }) => ({
	challenges: await listChallenges(ctx, actor)
}));

export const POST = api(async ({ ctx, actor, body }) => {
	requireUser(actor);
	return json({ challenge: await createChallenge(ctx, actor, await body()) }, { status: 201 });
});
