import { api } from '$lib/server/api';
import { getCommitment, updateCommitment } from '$lib/server/commitments/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor, event }) =>
	getCommitment(ctx, actor, event.params.id)
);

export const PATCH: RequestHandler = api(async ({ ctx, actor, event, body }) =>
	updateCommitment(ctx, actor, event.params.id, await body())
);
