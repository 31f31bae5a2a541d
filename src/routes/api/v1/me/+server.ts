import { api } from '$lib/server/api';
import { requireUser } from '$lib/server/auth/access';

export const GET = api(async ({ actor }) => ({ user: requireUser(actor) }));
