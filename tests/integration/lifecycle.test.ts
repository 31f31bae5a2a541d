import net from 'node:net';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { embedded, servicesBackend } from '../helpers/backends.ts';
import { runServerToExit, serveFresh, serveNodes } from '../helpers/server.ts';
import { signUp } from '../helpers/http.ts';
import { socketClient } from '../helpers/realtime.ts';

describe('server lifecycle', () => {
	/** A node on a fresh embedded data directory; `env` and `start` reach the same directory. */
	async function embeddedNode() {
		const { env, start, nodes } = await serveNodes(embedded, 1);
		return { env, start, first: nodes[0]! };
	}

	it('refuses a second process on the same embedded data directory with a clear message', async () => {
		const { env, first } = await embeddedNode();
		try {
			const second = await runServerToExit(env);
			expect(second.code).toBe(1);
			expect(second.output).toMatch(
				/Another Whitespace process \(pid \d+\) is using the data directory/
			);
			expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
		} finally {
			await first.stop();
		}
	});

	it('keeps data across a restart and takes over the lock of a stopped process', async () => {
		const { start, first } = await embeddedNode();
		const { email } = await signUp(first.url);
		await first.stop('SIGKILL');
		const second = await start();
		try {
			const res = await fetch(`${second.url}/api/v1/auth/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ email, password: 'correct-horse-battery' })
			});
			expect(res.status).toBe(200);
		} finally {
			await second.stop();
		}
	});

	it('closes WebSockets with 1001 and exits 0 on SIGTERM', async () => {
		const server = await serveFresh(embedded);
		// The first account is the admin, who may run a challenge and open its session's board.
		const { client } = await signUp(server.url);
		const challenge = await client.post('/api/v1/challenges', {
			title: 'Shutdown',
			question: 'Does the board close cleanly?',
			status: 'open'
		});
		const { id } = ((await challenge.json()) as { challenge: { id: string } }).challenge;
		const started = await client.post(`/api/v1/challenges/${id}/sessions`);
		const { boardId } = ((await started.json()) as { session: { boardId: string } }).session;
		const ws = new WebSocket(`${server.url.replace('http', 'ws')}/yjs/${boardId}`, {
			headers: { cookie: client.cookieHeader }
		});
		await new Promise((resolve) => ws.once('open', resolve));
		const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
		const socket = socketClient(server.url, client.cookieHeader);
		await new Promise((resolve) => socket.once('ready', resolve));
		const reason = new Promise<string>((resolve) => socket.once('disconnect', resolve));
		const exit = server.stop('SIGTERM');
		expect(await closed).toBe(1001);
		// Not "io server disconnect": that reason would stop the client from reconnecting elsewhere.
		expect(await reason).toBe('transport close');
		socket.close();
		expect(await exit).toBe(0);
		expect(server.output()).toMatch(/"msg":"stopped"/);
	});

	it('logs which backend each service runs on', async () => {
		const server = await serveFresh(embedded);
		await server.stop();
		expect(server.output()).toMatch(
			/"database":"pglite \([^)]+\)".*"presence":"memory".*"pubsub":"memory"/
		);
	});
});

const services = servicesBackend();

describe.runIf(services)('readiness with Postgres and Redis', () => {
	it('answers /readyz 503 naming Redis when Redis stops answering, and 200 again when it is back', async () => {
		const { env, start } = await serveNodes(services!, 0);
		// A TCP relay in front of the real Redis lets the test cut Redis off from this node only.
		const target = new URL(env.REDIS_URL!);
		const open = new Set<net.Socket>();
		let accepting = true;
		const relay = net.createServer((inbound) => {
			if (!accepting) return inbound.destroy();
			const outbound = net.connect(Number(target.port || 6379), target.hostname);
			open.add(inbound).add(outbound);
			inbound.pipe(outbound).pipe(inbound);
			const drop = () => (inbound.destroy(), outbound.destroy());
			inbound.on('error', drop).on('close', drop);
			outbound.on('error', drop).on('close', drop);
		});
		await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
		const port = (relay.address() as net.AddressInfo).port;
		const server = await start({ REDIS_URL: `redis://127.0.0.1:${port}` });
		try {
			expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
			accepting = false;
			for (const socket of open) socket.destroy();
			const down = await fetch(`${server.url}/readyz`);
			expect(down.status).toBe(503);
			expect(await down.json()).toMatchObject({
				status: 'unavailable',
				reasons: { redis: expect.any(String) }
			});
			expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
			accepting = true;
			let status = 0;
			for (let i = 0; i < 50 && status !== 200; i++) {
				await new Promise((r) => setTimeout(r, 200));
				status = (await fetch(`${server.url}/readyz`)).status;
			}
			expect(status).toBe(200);
		} finally {
			await server.stop('SIGKILL');
			relay.close();
		}
	});
});
