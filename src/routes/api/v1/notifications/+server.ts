import { api } from '$lib/server/api';
import { listNotifications } from '$lib/server/notifications/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ ctx, actor }) => listNotifications(ctx, actor));
