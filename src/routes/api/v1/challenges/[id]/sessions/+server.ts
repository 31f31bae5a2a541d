import { json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { startSession } from '$lib/server/sessions/lifecycle';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ ctx, actor, event }) =>
	json({ session: await startSession(ctx, actor, event.params.id) }, { status: 201 })
);
