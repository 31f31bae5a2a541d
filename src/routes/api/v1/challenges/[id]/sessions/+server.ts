import { json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { listChallengeSessions, startSession } from '$lib/server/sessions/lifecycle';
import type { RequestHandler } from './$types';

/** The challenge's sessions, oldest first, for whoever may see the challenge. */
export const GET: RequestHandler = api(async ({ ctx, actor, event }) => ({
	sessions: await listChallengeSessions(ctx, actor, event.params.id)
}));

export const POST: RequestHandler = api(async ({ ctx, actor, event }) =>
	json({ session: await startSession(ctx, actor, event.params.id) }, { status: 201 })
);
