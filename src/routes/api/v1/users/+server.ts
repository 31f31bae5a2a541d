import { api } from '$lib/server/api';
import { listUsers } from '$lib/server/users/service';

export const GET = api(async ({ ctx, actor }) => ({ users: await listUsers(ctx, actor) }));
