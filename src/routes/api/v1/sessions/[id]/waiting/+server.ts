import { api } from '$lib/server/api';
import { requireManage } from '$lib/server/challenges/access';
import { authorizeSession, listWaiting } from '$lib/server/sessions/service';

export const GET = api(async ({ ctx, actor, event }) => {
	const { challenge, row } = await authorizeSession(ctx, actor, event.params.id!);
	requireManage(actor!, challenge);
	return { waiting: await listWaiting(ctx, row.id) };
});
