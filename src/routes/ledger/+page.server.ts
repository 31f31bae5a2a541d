import { appContext } from '$lib/server/context';
import { refusedPage, requireUser } from '$lib/server/guards';
import { ledgerPage } from '$lib/server/ledger/service';
import { quarterOf } from '$lib/shared/challenges';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	try {
		return await ledgerPage(
			appContext(),
			user,
			{
				quarter: event.url.searchParams.get('quarter'),
				page: event.url.searchParams.get('page')
			},
			quarterOf(new Date())
		);
	} catch (cause) {
		refusedPage(cause);
	}
};
