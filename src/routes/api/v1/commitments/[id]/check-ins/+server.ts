import { api } from '$lib/server/api';
import { postCheckIn } from '$lib/server/commitments/lifecycle';
import { getCommitment } from '$lib/server/commitments/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor, event }) => {
	const { checkIns } = await getCommitment(ctx, actor, event.params.id);
	return { checkIns };
});

export const POST: RequestHandler = api(async ({ ctx, actor, event, body }) =>
	postCheckIn(ctx, actor, event.params.id, await body())
);
