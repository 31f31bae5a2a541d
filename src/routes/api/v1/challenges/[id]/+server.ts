import { api } from '$lib/server/api';
import { requireUser } from '$lib/server/auth/access';
import {
	getVisibleChallenge,
	toPublicChallenge,
	updateChallenge
} from '$lib/server/challenges/service';
import { listChallengeSessions } from '$lib/server/sessions/service';

export const GET = api(async ({ ctx, actor, event }) => {
	const challenge = await getVisibleChallenge(ctx, actor, event.params.id!);
	return {
		challenge: toPublicChallenge(challenge),
		sessions: await listChallengeSessions(ctx, challenge.id)
	};
});

export const PATCH = api(async ({ ctx, actor, event, body }) => {
	requireUser(actor);
	return { challenge: await updateChallenge(ctx, actor, event.params.id!, await body()) };
});
