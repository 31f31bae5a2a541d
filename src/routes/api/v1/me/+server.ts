import { api } from '$lib/server/api';
import { requireUser } from '$lib/server/auth/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ actor }) => ({ user: requireUser(actor) }));
