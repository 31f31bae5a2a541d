import { appContext } from '$lib/server/context';
import { readAsUser } from '$lib/server/guards';
import { sessionSummary } from '$lib/server/summary/service';
import type { PageServerLoad } from './$types';

/** What a session produced, at any stage; tallies once revealed or ended (the service decides). */
export const load: PageServerLoad = (event) =>
	readAsUser(event, async (user) => ({
		summary: await sessionSummary(appContext(), user, event.params.id)
	}));
