import { json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { startSession } from '$lib/server/sessions/service';

export const POST = api(async ({ ctx, actor, event }) =>
	json({ session: await startSession(ctx, actor, event.params.id!) }, { status: 201 })
);
