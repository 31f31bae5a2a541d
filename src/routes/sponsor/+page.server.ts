import { appContext } from '$lib/server/context';
import { readAsUser } from '$lib/server/guards';
import { sponsorView } from '$lib/server/sponsor/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	readAsUser(event, (user) =>
		sponsorView(appContext(), user, Object.fromEntries(event.url.searchParams))
	);
