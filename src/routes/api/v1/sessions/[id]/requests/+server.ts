import { json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { requestToJoin } from '$lib/server/sessions/admissions';
import type { RequestHandler } from './$types';

/** Ask to be let into a session one is not invited to; the facilitator sees it in the lobby. */
export const POST: RequestHandler = api(async ({ ctx, actor, event }) => {
	await requestToJoin(ctx, actor, event.params.id);
	return json({ ok: true }, { status: 202 });
});
