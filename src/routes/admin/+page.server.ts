import { appContext } from '$lib/server/context';
import { formText, formTexts, requireAdmin, scopedAction } from '$lib/server/guards';
import { createTeam, listTeams, renameTeam } from '$lib/server/teams/service';
import { listUsers, updateUser } from '$lib/server/users/service';
import { loadSettings, updateSettingsFromForm } from '$lib/server/settings/service';
import { ROLES } from '$lib/shared/limits';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireAdmin(event);
	const ctx = appContext();
	const [users, teams, settings] = await Promise.all([
		listUsers(ctx, actor),
		listTeams(ctx),
		loadSettings(ctx.db)
	]);
	const members = new Map<string, number>();
	for (const user of users) {
		if (user.teamId) members.set(user.teamId, (members.get(user.teamId) ?? 0) + 1);
	}
	return {
		// Sent from here: importing values from $lib/shared/auth would ship zod to the browser.
		roles: ROLES,
		settings,
		users,
		teams: teams.map((team) => ({ ...team, memberCount: members.get(team.id) ?? 0 }))
	};
};

// Every result names its form (`scope`), so the page shows it beside the right row.
export const actions: Actions = {
	createTeam: async (event) => {
		const actor = requireAdmin(event);
		const name = formText(await event.request.formData(), 'name');
		return scopedAction('createTeam', { name: name ?? '' }, async () => {
			const team = await createTeam(appContext(), actor, { name });
			return { message: `Created the team “${team.name}”.` };
		});
	},

	renameTeam: async (event) => {
		const actor = requireAdmin(event);
		const data = await event.request.formData();
		const id = formText(data, 'id') ?? '';
		const name = formText(data, 'name');
		return scopedAction(`team:${id}`, { name: name ?? '' }, async () => {
			const team = await renameTeam(appContext(), actor, id, { name });
			return { message: `Renamed the team to “${team.name}”.` };
		});
	},

	updateSettings: async (event) => {
		const actor = requireAdmin(event);
		const values = formTexts(await event.request.formData(), 'currency', 'hourlyCost');
		return scopedAction('settings', values, async () => {
			await updateSettingsFromForm(appContext(), actor, values);
			return { message: 'Saved the cost rate and currency.' };
		});
	},

	updateUser: async (event) => {
		const actor = requireAdmin(event);
		const data = await event.request.formData();
		const id = formText(data, 'id') ?? '';
		const role = formText(data, 'role');
		const teamId = formText(data, 'teamId');
		return scopedAction(`user:${id}`, {}, async () => {
			const user = await updateUser(appContext(), actor, id, {
				...(role !== undefined ? { role } : {}),
				...(teamId !== undefined ? { teamId: teamId || null } : {})
			});
			return { message: `Saved changes for ${user.name}.` };
		});
	}
};
