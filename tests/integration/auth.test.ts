import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.ts';
import { serveFresh, type TestServer } from '../helpers/server.ts';
import { Client, PASSWORD, signUp, uniqueEmail } from '../helpers/http.ts';

describe.each(backends())('accounts on $name', (backend) => {
	let server: TestServer;

	beforeAll(async () => {
		server = await serveFresh(backend);
	});

	it('makes the first account admin and later ones members', async () => {
		const first = await signUp(server.url, { name: 'Ada' });
		const second = await signUp(server.url, { name: 'Grace' });
		expect(first.user.role).toBe('admin');
		expect(second.user.role).toBe('member');
		expect(first.user).toMatchObject({ name: 'Ada', teamId: null });
		expect(first.user).not.toHaveProperty('passwordHash');
	});

	it('sets an HttpOnly SameSite=Lax session cookie that lasts 30 days', async () => {
		const client = new Client(server.url);
		await client.post('/api/v1/auth/signup', {
			email: uniqueEmail(),
			password: PASSWORD,
			name: 'C'
		});
		const cookie = client.lastSetCookie.find((c) => c.startsWith('ws_session='))!;
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect(cookie).toMatch(/Path=\//);
		expect(cookie).not.toMatch(/Secure/i);
		const expires = Date.parse(/Expires=([^;]+)/i.exec(cookie)![1]!);
		expect(expires - Date.now()).toBeGreaterThan(29 * 86_400_000);
		expect(expires - Date.now()).toBeLessThanOrEqual(30 * 86_400_000 + 5_000);
	});

	it('returns the signed-in user from /me and 401 without a session', async () => {
		const { client, user } = await signUp(server.url);
		const me = await client.get('/api/v1/me');
		expect(me.status).toBe(200);
		expect(await me.json()).toEqual({ user });
		const anonymous = await new Client(server.url).get('/api/v1/me');
		expect(anonymous.status).toBe(401);
		expect(await anonymous.json()).toMatchObject({ error: { code: 'unauthenticated' } });
	});

	it('refuses a duplicate email, in any letter case, with 409', async () => {
		const { email } = await signUp(server.url);
		const res = await new Client(server.url).post('/api/v1/auth/signup', {
			email: email.toUpperCase(),
			password: PASSWORD,
			name: 'Again'
		});
		expect(res.status).toBe(409);
		expect(await res.json()).toMatchObject({ error: { code: 'email_taken' } });
	});

	it('refuses a password under 10 characters and says why', async () => {
		const res = await new Client(server.url).post('/api/v1/auth/signup', {
			email: uniqueEmail(),
			password: 'short',
			name: 'Weak'
		});
		expect(res.status).toBe(400);
		const body = (await res.json()) as {
			error: { code: string; message: string; fields: Record<string, string> };
		};
		expect(body.error.code).toBe('invalid_input');
		expect(body.error.fields.password).toMatch(/10 characters/);
	});

	it('refuses signing up into a team that does not exist', async () => {
		const res = await new Client(server.url).post('/api/v1/auth/signup', {
			email: uniqueEmail(),
			password: PASSWORD,
			name: 'Lost',
			team: 'no-such-team'
		});
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ error: { fields: { team: expect.any(String) } } });
	});

	it('logs in with the right password and gives one answer for a wrong password or unknown email', async () => {
		const { email, user } = await signUp(server.url);
		const client = new Client(server.url);
		const ok = await client.post('/api/v1/auth/login', { email, password: PASSWORD });
		expect(ok.status).toBe(200);
		expect(await ok.json()).toEqual({ user });
		const wrong = await new Client(server.url).post('/api/v1/auth/login', {
			email,
			password: 'not-the-password'
		});
		const unknown = await new Client(server.url).post('/api/v1/auth/login', {
			email: uniqueEmail('nobody'),
			password: PASSWORD
		});
		expect(wrong.status).toBe(401);
		expect(unknown.status).toBe(401);
		expect((await wrong.json()) as object).toEqual(await unknown.json());
	});

	it('ends the session on logout so the old cookie no longer works', async () => {
		const { client } = await signUp(server.url);
		const stolenCookie = client.cookieHeader;
		const out = await client.post('/api/v1/auth/logout');
		expect(out.status).toBe(200);
		expect((await client.get('/api/v1/me')).status).toBe(401);
		const replay = await fetch(`${server.url}/api/v1/me`, { headers: { cookie: stolenCookie } });
		expect(replay.status).toBe(401);
	});

	it('locks an account after 10 failed logins, even for the right password, with Retry-After', async () => {
		const { email } = await signUp(server.url);
		for (let i = 0; i < 10; i++) {
			const res = await new Client(server.url).post('/api/v1/auth/login', {
				email,
				password: `wrong-password-${i}`
			});
			expect(res.status).toBe(401);
		}
		const locked = await new Client(server.url).post('/api/v1/auth/login', {
			email,
			password: PASSWORD
		});
		expect(locked.status).toBe(429);
		const retryAfter = Number(locked.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThan(0);
		expect(retryAfter).toBeLessThanOrEqual(15 * 60);
		expect(await locked.json()).toMatchObject({ error: { code: 'rate_limited' } });
		// Another account from the same address is not locked by it.
		const other = await signUp(server.url);
		const fine = await new Client(server.url).post('/api/v1/auth/login', {
			email: other.email,
			password: PASSWORD
		});
		expect(fine.status).toBe(200);
	});
});
