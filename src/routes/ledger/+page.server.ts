import { appContext } from '$lib/server/context';
import { readAsUser } from '$lib/server/guards';
import { ledgerPage } from '$lib/server/ledger/service';
import { quarterOf } from '$lib/shared/challenges';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	readAsUser(event, (user) =>
		ledgerPage(
			appContext(),
			user,
			{
				quarter: event.url.searchParams.get('quarter'),
				page: event.url.searchParams.get('page')
			},
			quarterOf(new Date())
		)
	);
