import { api } from '$lib/server/api';
import {
	getVisibleChallenge,
	toPublicChallenge,
	updateChallenge
} from '$lib/server/challenges/service';
import { listChallengeSessions } from '$lib/server/sessions/lifecycle';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor, event }) => {
	const challenge = await getVisibleChallenge(ctx, actor, event.params.id);
	return {
		challenge: toPublicChallenge(challenge),
		sessions: await listChallengeSessions(ctx, actor, challenge.id)
	};
});

export const PATCH: RequestHandler = api(async ({ ctx, actor, event, body }) => ({
	challenge: await updateChallenge(ctx, actor, event.params.id, await body())
}));
