import { json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { createCommitment } from '$lib/server/commitments/service';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ ctx, actor, event, body }) =>
	json(await createCommitment(ctx, actor, event.params.id, await body()), { status: 201 })
);
