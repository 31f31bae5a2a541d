import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { embedded } from '../helpers/backends.ts';
import { serveFresh, type TestServer } from '../helpers/server.ts';
import { Client, signUp } from '../helpers/http.ts';

const MiB = 1024 * 1024;

/** Transport-level refusals do not depend on the backend, so one backend is enough here. */
describe('bad input over HTTP', () => {
	let server: TestServer;
	let admin: Client;

	beforeAll(async () => {
		server = await serveFresh(embedded);
		admin = (await signUp(server.url)).client;
	});

	const expectJsonError = async (res: Response, status: number, code?: string) => {
		expect(res.status).toBe(status);
		expect(res.headers.get('content-type')).toMatch(/application\/json/);
		const body = (await res.json()) as { error: { code: string; message: string } };
		expect(body.error.message.length).toBeGreaterThan(5);
		if (code) expect(body.error.code).toBe(code);
	};

	it.each([
		{
			what: 'malformed JSON',
			body: '{"name": ',
			type: 'application/json',
			status: 400,
			code: 'bad_request'
		},
		{
			what: 'a body that is not JSON',
			body: 'name=x',
			type: 'text/plain',
			status: 415,
			code: 'unsupported_media_type'
		}
	])('answers $what with $status', async ({ body, type, status, code }) => {
		const res = await admin.request('POST', '/api/v1/teams', {
			body,
			headers: { 'content-type': type }
		});
		await expectJsonError(res, status, code);
	});

	it('answers headers over Node’s limit with a JSON 431, not an empty one', async () => {
		const res = await fetch(new URL('/api/v1/me', server.url), {
			headers: { cookie: `crumbs=${'x'.repeat(20_000)}` }
		});
		await expectJsonError(res, 431, 'headers_too_large');
	});

	it('answers a request line that is not HTTP with a JSON 400', async () => {
		const { port, hostname } = new URL(server.url);
		const answer = await new Promise<string>((resolve, reject) => {
			const socket = connect(Number(port), hostname, () => socket.write('HELLO THERE\r\n\r\n'));
			let text = '';
			socket.on('data', (chunk) => (text += chunk.toString()));
			socket.on('end', () => resolve(text));
			socket.on('error', reject);
		});
		expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
		expect(answer).toMatch(/content-type: application\/json/i);
		expect(JSON.parse(answer.split('\r\n\r\n')[1]!)).toEqual({
			error: { code: 'bad_request', message: 'The request could not be read as HTTP.' }
		});
	});

	it('answers unknown fields and wrong types with 400 naming the field', async () => {
		const unknown = await admin.post('/api/v1/teams', { name: 'Ok', colour: 'red' });
		await expectJsonError(unknown, 400, 'invalid_input');
		const wrongType = await admin.post('/api/v1/teams', { name: 42 });
		await expectJsonError(wrongType, 400, 'invalid_input');
		const notObject = await admin.post('/api/v1/teams', ['name']);
		await expectJsonError(notObject, 400, 'invalid_input');
	});

	it('answers a declared body over 1 MiB with a JSON 413', async () => {
		const res = await admin.post('/api/v1/teams', { name: 'x'.repeat(MiB + 10) });
		await expectJsonError(res, 413, 'payload_too_large');
	});

	it('answers a chunked body over 1 MiB with a JSON 413', async () => {
		const { status, body } = await new Promise<{ status: number; body: string }>(
			(resolve, reject) => {
				const req = httpRequest(
					`${server.url}/api/v1/teams`,
					{
						method: 'POST',
						headers: { 'content-type': 'application/json', cookie: admin.cookieHeader }
					},
					(res) => {
						let text = '';
						res.on('data', (c: Buffer) => (text += c.toString()));
						res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
					}
				);
				req.on('error', reject);
				const chunk = 'x'.repeat(64 * 1024);
				req.write('{"name":"');
				for (let sent = 0; sent < MiB + 64 * 1024; sent += chunk.length) req.write(chunk);
				req.end('"}');
			}
		);
		expect(status).toBe(413);
		expect(JSON.parse(body)).toMatchObject({ error: { code: 'payload_too_large' } });
	});

	// A server that closes while the client is still sending makes fetch fail with EPIPE before it
	// reads the answer; a body several times the limit makes that race certain.
	it('lets fetch read the 413 of a declared body several MiB over the limit', async () => {
		const res = await admin.request('POST', '/api/v1/teams', {
			body: JSON.stringify({ name: 'x'.repeat(8 * MiB) }),
			headers: { 'content-type': 'application/json' }
		});
		await expectJsonError(res, 413, 'payload_too_large');
	});

	it('lets fetch read the 413 of a streamed (chunked) body over the limit', async () => {
		const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
		let sent = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (sent === 0) controller.enqueue(new TextEncoder().encode('{"name":"'));
				if (sent > 8 * MiB) {
					controller.enqueue(new TextEncoder().encode('"}'));
					controller.close();
					return;
				}
				sent += chunk.length;
				controller.enqueue(chunk);
			}
		});
		const res = await fetch(`${server.url}/api/v1/teams`, {
			method: 'POST',
			body,
			duplex: 'half',
			headers: { 'content-type': 'application/json', cookie: admin.cookieHeader }
		} as RequestInit & { duplex: 'half' });
		await expectJsonError(res, 413, 'payload_too_large');
	});

	it('answers unknown API routes and methods in JSON', async () => {
		await expectJsonError(await admin.get('/api/v1/nothing-here'), 404, 'not_found');
		await expectJsonError(await admin.request('DELETE', '/api/v1/me'), 405);
	});

	it('refuses a cross-site POST carrying the session cookie, whatever its content type', async () => {
		const before = ((await (await admin.get('/api/v1/teams')).json()) as { teams: unknown[] }).teams
			.length;
		const json = await admin.post(
			'/api/v1/teams',
			{ name: 'Evil' },
			{ origin: 'https://evil.example' }
		);
		await expectJsonError(json, 403, 'forbidden');
		const form = await admin.request('POST', '/api/v1/teams', {
			body: 'name=Evil',
			headers: {
				origin: 'https://evil.example',
				'content-type': 'application/x-www-form-urlencoded'
			}
		});
		expect(form.status).toBe(403);
		const after = ((await (await admin.get('/api/v1/teams')).json()) as { teams: unknown[] }).teams
			.length;
		expect(after).toBe(before);
	});

	it('accepts a same-origin POST', async () => {
		const res = await admin.post('/api/v1/teams', { name: 'Same origin' }, { origin: server.url });
		expect(res.status).toBe(201);
	});

	it('reports liveness and readiness', async () => {
		const health = await fetch(`${server.url}/healthz`);
		expect(health.status).toBe(200);
		const ready = await fetch(`${server.url}/readyz`);
		expect(ready.status).toBe(200);
		expect(await ready.json()).toMatchObject({
			status: 'ready',
			database: 'pglite',
			redis: 'memory'
		});
	});
});
