import { api } from '$lib/server/api';
import { calendar } from '$lib/server/challenges/calendar';

export const GET = api(async ({ ctx, actor }) => ({ quarters: await calendar(ctx, actor) }));
