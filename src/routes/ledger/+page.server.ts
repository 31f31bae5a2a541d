import { appContext } from '$lib/server/context';
import { refusedPage, requireUser } from '$lib/server/guards';
import { ledgerSeries, quarterLedger } from '$lib/server/ledger/service';
import { quarterOf } from '$lib/shared/challenges';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const ctx = appContext();
	try {
		const series = await ledgerSeries(ctx, user);
		// Without a choice, the latest quarter that has challenges, else the current one.
		const quarter =
			event.url.searchParams.get('quarter') ??
			series.points.at(-1)?.quarter ??
			quarterOf(new Date());
		return { series, ledger: await quarterLedger(ctx, user, { quarter }) };
	} catch (cause) {
		refusedPage(cause);
	}
};
