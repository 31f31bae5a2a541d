import { appContext } from '$lib/server/context';
import { refusedPage, requireUser } from '$lib/server/guards';
import { searchPractices } from '$lib/server/debriefs/library';
import { listTeams } from '$lib/server/teams/service';
import { isDomainError } from '$lib/shared/errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const ctx = appContext();
	const filters = Object.fromEntries(event.url.searchParams);
	const teams = await listTeams(ctx);
	try {
		return { teams, filters, invalid: null, ...(await searchPractices(ctx, user, filters)) };
	} catch (cause) {
		// A malformed filter is shown beside the form, not as an error page.
		if (isDomainError(cause) && cause.code === 'invalid_input') {
			return { teams, filters, invalid: cause.message, practices: [] };
		}
		refusedPage(cause);
	}
};
