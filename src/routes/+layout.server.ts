import { appContext } from '$lib/server/context';
import { getTeam } from '$lib/server/teams/service';
import { unreadCount } from '$lib/server/notifications/service';
import type { LayoutServerLoad } from './$types';

/** Who is signed in, their team's name and their unread notifications, for the header. */
export const load: LayoutServerLoad = async ({ locals, depends }) => {
	const { user } = locals;
	depends('app:notifications');
	const [team, unread] = await Promise.all([
		user?.teamId ? getTeam(appContext(), user, user.teamId) : null,
		user ? unreadCount(appContext(), user.id) : 0
	]);
	return { user, team, unread };
};
