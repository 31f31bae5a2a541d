import { appContext } from '$lib/server/context';
import { requireUser } from '$lib/server/guards';
import { sponsorView } from '$lib/server/sponsor/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => sponsorView(appContext(), requireUser(event));
