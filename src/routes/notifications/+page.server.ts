import { appContext } from '$lib/server/context';
import { requireUser, scopedAction } from '$lib/server/guards';
import { listNotifications, markRead } from '$lib/server/notifications/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return listNotifications(appContext(), user);
};

export const actions: Actions = {
	/** One notification read (`id`), or all of them. */
	read: async (event) => {
		const user = requireUser(event);
		const id = (await event.request.formData()).get('id');
		return scopedAction('read', {}, async () => {
			await markRead(appContext(), user, typeof id === 'string' && id ? { ids: [id] } : {});
			return {};
		});
	}
};
