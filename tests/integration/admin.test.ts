import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.ts';
import { serveFresh, type TestServer } from '../helpers/server.ts';
import { Client, signUp } from '../helpers/http.ts';

interface Team {
	id: string;
	name: string;
}

describe.each(backends())('teams and roles on $name', (backend) => {
	let server: TestServer;
	let admin: Client;
	let member: Awaited<ReturnType<typeof signUp>>;

	beforeAll(async () => {
		server = await serveFresh(backend);
		admin = (await signUp(server.url, { name: 'Admin' })).client;
		member = await signUp(server.url, { name: 'Member' });
	});

	const createTeam = async (name: string): Promise<Team> => {
		const res = await admin.post('/api/v1/teams', { name });
		expect(res.status).toBe(201);
		return ((await res.json()) as { team: Team }).team;
	};

	it('lets an admin create, list and rename teams', async () => {
		const team = await createTeam('Payments');
		const renamed = await admin.patch(`/api/v1/teams/${team.id}`, { name: 'Payments Platform' });
		expect(renamed.status).toBe(200);
		expect(await renamed.json()).toEqual({ team: { id: team.id, name: 'Payments Platform' } });
		const list = (await (await admin.get('/api/v1/teams')).json()) as { teams: Team[] };
		expect(list.teams).toContainEqual({ id: team.id, name: 'Payments Platform' });
	});

	it('refuses a second team with the same name in any case', async () => {
		await createTeam('Growth');
		const res = await admin.post('/api/v1/teams', { name: 'GROWTH' });
		expect(res.status).toBe(409);
		expect(await res.json()).toMatchObject({ error: { code: 'conflict' } });
	});

	it('answers 404 for renaming a team that does not exist', async () => {
		const res = await admin.patch('/api/v1/teams/nope', { name: 'Ghost' });
		expect(res.status).toBe(404);
	});

	it('lets an admin grant facilitator and put a user in a team', async () => {
		const team = await createTeam('Search');
		const res = await admin.patch(`/api/v1/users/${member.user.id}`, {
			role: 'facilitator',
			teamId: team.id
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({
			user: { id: member.user.id, role: 'facilitator', teamId: team.id }
		});
		const me = (await (await member.client.get('/api/v1/me')).json()) as { user: { role: string } };
		expect(me.user.role).toBe('facilitator');
		const cleared = await admin.patch(`/api/v1/users/${member.user.id}`, { teamId: null });
		expect(await cleared.json()).toMatchObject({ user: { teamId: null, role: 'facilitator' } });
	});

	it('lists users without password hashes', async () => {
		const body = (await (await admin.get('/api/v1/users')).json()) as {
			users: Record<string, unknown>[];
		};
		expect(body.users.length).toBeGreaterThanOrEqual(2);
		for (const user of body.users)
			expect(Object.keys(user).sort()).toEqual(['email', 'id', 'name', 'role', 'teamId']);
	});

	it('refuses an unknown role, an unknown team and an empty change with 400', async () => {
		for (const body of [{ role: 'owner' }, { teamId: 'no-such-team' }, {}]) {
			const res = await admin.patch(`/api/v1/users/${member.user.id}`, body);
			expect(res.status).toBe(400);
			expect(await res.json()).toMatchObject({ error: { code: 'invalid_input' } });
		}
	});

	it('does not let admins demote themselves', async () => {
		const me = (await (await admin.get('/api/v1/me')).json()) as { user: { id: string } };
		const res = await admin.patch(`/api/v1/users/${me.user.id}`, { role: 'member' });
		expect(res.status).toBe(409);
	});

	it('refuses admin routes to members (403) and to strangers (401)', async () => {
		const other = await signUp(server.url);
		const stranger = new Client(server.url);
		for (const [path, method] of [
			['/api/v1/teams', 'GET'],
			['/api/v1/teams', 'POST'],
			['/api/v1/users', 'GET'],
			[`/api/v1/users/${other.user.id}`, 'PATCH']
		] as const) {
			const init = method === 'GET' ? {} : { json: { name: 'X', role: 'admin' } };
			const asMember = await other.client.request(method, path, init);
			expect(asMember.status, `${method} ${path}`).toBe(403);
			const asStranger = await stranger.request(method, path, init);
			expect(asStranger.status, `${method} ${path}`).toBe(401);
		}
		const me = (await (await other.client.get('/api/v1/me')).json()) as { user: { role: string } };
		expect(me.user.role).toBe('member');
	});
});
