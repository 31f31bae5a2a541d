import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.ts';
import { serveFresh, type TestServer } from '../helpers/server.ts';
import { signUp } from '../helpers/http.ts';

describe.each(backends())('personal API tokens on $name', (backend) => {
	let server: TestServer;

	beforeAll(async () => {
		server = await serveFresh(backend);
	});

	const bearer = (token: string, path: string, init: RequestInit = {}) =>
		fetch(`${server.url}${path}`, {
			...init,
			headers: {
				authorization: `Bearer ${token}`,
				'content-type': 'application/json',
				...init.headers
			}
		});

	it('authenticates API calls with a token shown once, without needing an Origin', async () => {
		const { client, user } = await signUp(server.url);
		const created = await client.post('/api/v1/tokens', { name: 'CI export' });
		expect(created.status).toBe(201);
		const { token, id, preview } = (await created.json()) as {
			token: string;
			id: string;
			preview: string;
		};
		expect(token).toMatch(/^wst_[a-z2-7]{32}$/);
		expect(token.startsWith(preview)).toBe(true);

		const me = await bearer(token, '/api/v1/me');
		expect(await me.json()).toEqual({ user });
		// A state change with a foreign Origin is fine for a bearer token: it carries no cookie.
		const team = await bearer(token, '/api/v1/teams', {
			method: 'POST',
			body: JSON.stringify({ name: 'Token team' }),
			headers: { origin: 'https://integration.example' }
		});
		expect(team.status).toBe(201);

		const list = (await (await client.get('/api/v1/tokens')).json()) as {
			tokens: Record<string, unknown>[];
		};
		expect(list.tokens).toEqual([
			expect.objectContaining({ id, name: 'CI export', preview, lastUsedAt: expect.any(Number) })
		]);
		expect(JSON.stringify(list)).not.toContain(token);

		expect((await client.request('DELETE', `/api/v1/tokens/${id}`)).status).toBe(200);
		expect((await bearer(token, '/api/v1/me')).status).toBe(401);
	});

	it('refuses unknown, malformed and other people’s tokens', async () => {
		expect((await bearer('wst_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '/api/v1/me')).status).toBe(401);
		expect((await bearer('not-a-token', '/api/v1/me')).status).toBe(401);
		const owner = await signUp(server.url);
		const other = await signUp(server.url);
		const { id } = (await (await owner.client.post('/api/v1/tokens', { name: 'Mine' })).json()) as {
			id: string;
		};
		expect((await other.client.request('DELETE', `/api/v1/tokens/${id}`)).status).toBe(404);
		expect((await owner.client.post('/api/v1/tokens', { name: '' })).status).toBe(400);
	});
});
