import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.ts';
import { serveFresh, type TestServer } from '../helpers/server.ts';
import { Client, PASSWORD, signUp } from '../helpers/http.ts';
import { socketClient } from '../helpers/realtime.ts';

const NEW_PASSWORD = 'a-brand-new-passphrase';

describe.each(backends())('your own account on $name', (backend) => {
	let server: TestServer;

	beforeAll(async () => {
		server = await serveFresh(backend);
	});

	async function logIn(email: string, password = PASSWORD) {
		const client = new Client(server.url);
		const response = await client.post('/api/v1/auth/login', { email, password });
		return { client, status: response.status };
	}

	it('changes the name and answers with the updated user', async () => {
		const { client, user } = await signUp(server.url, { name: 'Old Name' });
		const response = await client.patch('/api/v1/me', { name: '  Ada Lovelace ' });
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ user: { ...user, name: 'Ada Lovelace' } });
		expect(
			((await (await client.get('/api/v1/me')).json()) as { user: { name: string } }).user.name
		).toBe('Ada Lovelace');
	});

	it.each([
		[{ name: '' }, 'name'],
		[{ name: '   ' }, 'name'],
		[{ name: 'x'.repeat(81) }, 'name'],
		[{ name: 42 }, 'name'],
		[{}, 'name']
	])('refuses the name change %j with 400 naming the field', async (body, field) => {
		const { client } = await signUp(server.url);
		const response = await client.patch('/api/v1/me', body);
		expect(response.status).toBe(400);
		const { error } = (await response.json()) as {
			error: { code: string; fields?: Record<string, string> };
		};
		expect(error.code).toBe('invalid_input');
		expect(error.fields).toHaveProperty(field);
	});

	it('refuses fields people may not change about themselves', async () => {
		const { client } = await signUp(server.url);
		const response = await client.patch('/api/v1/me', { name: 'Me', role: 'admin' });
		expect(response.status).toBe(400);
		const me = (await (await client.get('/api/v1/me')).json()) as { user: { role: string } };
		expect(me.user.role).not.toBe('admin');
	});

	it('refuses both changes without a login', async () => {
		const anonymous = new Client(server.url);
		expect((await anonymous.patch('/api/v1/me', { name: 'X' })).status).toBe(401);
		expect(
			(
				await anonymous.post('/api/v1/me/password', {
					currentPassword: PASSWORD,
					newPassword: NEW_PASSWORD
				})
			).status
		).toBe(401);
	});

	it('changes the password, keeps this session and signs out the others, sockets included', async () => {
		const { client, email } = await signUp(server.url);
		const other = await logIn(email);
		expect(other.status).toBe(200);
		const socket = socketClient(server.url, other.client.cookieHeader);
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', resolve);
			socket.once('connect_error', reject);
		});
		const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));

		const response = await client.post('/api/v1/me/password', {
			currentPassword: PASSWORD,
			newPassword: NEW_PASSWORD
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ signedOut: 1 });

		expect(await closed).toBe('io server disconnect');
		expect((await other.client.get('/api/v1/me')).status).toBe(401);
		expect((await client.get('/api/v1/me')).status).toBe(200);
		expect((await logIn(email)).status).toBe(401);
		expect((await logIn(email, NEW_PASSWORD)).status).toBe(200);
	});

	it('refuses a wrong current password and keeps the old one', async () => {
		const { client, email } = await signUp(server.url);
		const response = await client.post('/api/v1/me/password', {
			currentPassword: 'not-my-password',
			newPassword: NEW_PASSWORD
		});
		expect(response.status).toBe(400);
		const { error } = (await response.json()) as { error: { fields?: Record<string, string> } };
		expect(error.fields).toHaveProperty('currentPassword');
		expect((await logIn(email)).status).toBe(200);
	});

	it.each([
		[{ currentPassword: PASSWORD, newPassword: 'short' }, 'newPassword'],
		[{ currentPassword: PASSWORD, newPassword: PASSWORD }, 'newPassword'],
		[{ currentPassword: PASSWORD, newPassword: 'x'.repeat(257) }, 'newPassword'],
		[{ currentPassword: '', newPassword: NEW_PASSWORD }, 'currentPassword'],
		[{ newPassword: NEW_PASSWORD }, 'currentPassword'],
		[{ currentPassword: PASSWORD }, 'newPassword']
	])('refuses the password change %j with 400 naming the field', async (body, field) => {
		const { client, email } = await signUp(server.url);
		const response = await client.post('/api/v1/me/password', body);
		expect(response.status).toBe(400);
		const { error } = (await response.json()) as { error: { fields?: Record<string, string> } };
		expect(error.fields).toHaveProperty(field);
		expect((await logIn(email)).status).toBe(200);
	});
});
