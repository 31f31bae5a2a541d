import { appContext } from '$lib/server/context';
import { requireUser } from '$lib/server/guards';
import { weeklyDigest } from '$lib/server/sponsor/digest';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => weeklyDigest(appContext(), requireUser(event));
