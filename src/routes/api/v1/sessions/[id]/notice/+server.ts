import { api } from '$lib/server/api';
import { requireUser } from '$lib/server/auth/access';
import { sessionReply } from '$lib/server/sessions/api';
import { setNotice } from '$lib/server/sessions/service';

export const POST = api(async ({ ctx, actor, event, body }) => {
	requireUser(actor);
	return sessionReply(await setNotice(ctx, actor, event.params.id!, await body()));
});
