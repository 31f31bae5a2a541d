import { beforeAll, describe, expect, it } from 'vitest';
import { embedded } from '../helpers/backends.ts';
import { serveFresh, type TestServer } from '../helpers/server.ts';
import { Client, signUp } from '../helpers/http.ts';

describe('a fresh install', () => {
	let server: TestServer;

	beforeAll(async () => {
		server = await serveFresh(embedded);
	});

	it('sends its first visitor to create the admin account, keeping where they were going', async () => {
		const res = await new Client(server.url).get('/login?redirectTo=%2Fchallenges');
		expect(res.status).toBe(303);
		const location = new URL(res.headers.get('location')!, server.url);
		expect(location.pathname).toBe('/signup');
		expect(location.searchParams.get('redirectTo')).toBe('/challenges');
		const page = await (await new Client(server.url).get('/signup')).text();
		expect(page).toContain('becomes the admin');
	});

	it('shows the log-in page once an account exists', async () => {
		await signUp(server.url);
		expect((await new Client(server.url).get('/login')).status).toBe(200);
		const page = await (await new Client(server.url).get('/signup')).text();
		expect(page).not.toContain('becomes the admin');
	});

	it('serves its icons, manifest and robots.txt', async () => {
		const client = new Client(server.url);
		for (const [path, type] of [
			['/favicon.svg', 'image/svg+xml'],
			['/favicon.png', 'image/png'],
			['/apple-touch-icon.png', 'image/png'],
			['/icon-512.png', 'image/png'],
			['/robots.txt', 'text/plain']
		]) {
			const res = await client.get(path!);
			expect(res.status, path).toBe(200);
			expect(res.headers.get('content-type'), path).toContain(type);
		}
		const manifest = (await (await client.get('/manifest.webmanifest')).json()) as {
			icons: { src: string }[];
		};
		for (const icon of manifest.icons) expect((await client.get(icon.src)).status).toBe(200);
	});
});
