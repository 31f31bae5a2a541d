import { appContext } from '$lib/server/context';
import { refusedPage, requireUser } from '$lib/server/guards';
import { sponsorView } from '$lib/server/sponsor/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	try {
		return await sponsorView(appContext(), user, Object.fromEntries(event.url.searchParams));
	} catch (cause) {
		refusedPage(cause);
	}
};
