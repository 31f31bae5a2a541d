import { appContext } from '$lib/server/context';
import { getTeam } from '$lib/server/teams/service';
import type { LayoutServerLoad } from './$types';

/** Who is signed in, and their team's name for the header. */
export const load: LayoutServerLoad = async ({ locals }) => {
	const { user } = locals;
	const team = user?.teamId ? await getTeam(appContext(), user, user.teamId) : null;
	return { user, team };
};
