import { api } from '$lib/server/api';
import { getSessionView } from '$lib/server/sessions/service';

export const GET = api(async ({ ctx, actor, event }) => ({
	session: await getSessionView(ctx, actor, event.params.id!)
}));
