import { appContext } from '$lib/server/context';
import { refusedPage, requireUser } from '$lib/server/guards';
import { commitmentDetail } from '$lib/server/commitments/reads';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	try {
		return { detail: await commitmentDetail(appContext(), user, event.params.id) };
	} catch (cause) {
		refusedPage(cause);
	}
};
