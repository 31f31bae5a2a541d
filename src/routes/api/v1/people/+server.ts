import { api } from '$lib/server/api';
import { listPeople } from '$lib/server/users/service';

export const GET = api(async ({ ctx, actor }) => ({ people: await listPeople(ctx, actor) }));
