import { api } from '$lib/server/api';
import { getSettings, updateSettings } from '$lib/server/settings/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor }) => getSettings(ctx, actor));

export const PATCH: RequestHandler = api(async ({ ctx, actor, body }) =>
	updateSettings(ctx, actor, await body())
);
