import { error } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { requireUser } from '$lib/server/guards';
import { contributionRecord } from '$lib/server/recognition/contributions';
import { isDomainError } from '$lib/shared/errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	try {
		return {
			record: await contributionRecord(appContext(), user, event.params.id),
			self: user.id === event.params.id
		};
	} catch (cause) {
		if (isDomainError(cause)) error(cause.status, cause.message);
		throw cause;
	}
};
