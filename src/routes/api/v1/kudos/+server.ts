import { json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { giveKudos } from '$lib/server/recognition/kudos';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ ctx, actor, body }) =>
	json(await giveKudos(ctx, actor, await body()), { status: 201 })
);
