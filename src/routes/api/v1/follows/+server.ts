import { api } from '$lib/server/api';
import { follow, listFollows, unfollow } from '$lib/server/follows/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor }) => listFollows(ctx, actor));

export const POST: RequestHandler = api(async ({ ctx, actor, body }) =>
	follow(ctx, actor, await body())
);

/** `DELETE /api/v1/follows?targetKind=&targetId=`: a query, since DELETE bodies get dropped. */
export const DELETE: RequestHandler = api(async ({ ctx, actor, event }) =>
	unfollow(ctx, actor, Object.fromEntries(event.url.searchParams))
);
