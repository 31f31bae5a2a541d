import { beforeAll, describe, expect, it } from 'vitest';
import { embedded } from '../helpers/backends.ts';
import { serveFresh, type TestServer } from '../helpers/server.ts';
import { Client, signUp } from '../helpers/http.ts';

describe('pages over HTTP', () => {
	let server: TestServer;

	beforeAll(async () => {
		server = await serveFresh(embedded);
	});

	it('sends someone whose session ended to log in, then back where they were', async () => {
		const { client } = await signUp(server.url);
		const cookie = client.cookieHeader;
		await client.post('/api/v1/auth/logout');
		const res = await fetch(`${server.url}/admin`, { headers: { cookie }, redirect: 'manual' });
		expect(res.status).toBe(303);
		const location = new URL(res.headers.get('location')!, server.url);
		expect(location.pathname).toBe('/login');
		expect(location.searchParams.get('redirectTo')).toBe('/admin');
		expect(location.searchParams.get('expired')).toBe('1');
		expect(res.headers.getSetCookie().join()).toMatch(/ws_session=;/);
	});

	it('sends a signed-out visitor to log in without calling the session expired', async () => {
		const res = await new Client(server.url).get('/');
		expect(res.status).toBe(303);
		const location = new URL(res.headers.get('location')!, server.url);
		expect(location.searchParams.get('expired')).toBeNull();
	});

	it('refuses a cross-site form post to the login page', async () => {
		const res = await fetch(`${server.url}/login`, {
			method: 'POST',
			headers: {
				origin: 'https://evil.example',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: 'email=a%40b.c&password=whatever12'
		});
		expect(res.status).toBe(403);
	});
});
