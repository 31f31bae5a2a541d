import * as Y from 'yjs';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { backends } from '../helpers/backends.ts';
import { serveFresh, type TestServer } from '../helpers/server.ts';
import { signUp, type Client } from '../helpers/http.ts';
import {
	closeCodeFor,
	socketClient,
	until,
	upgradeStatus,
	yjsProvider
} from '../helpers/realtime.ts';

const MiB = 1024 * 1024;

describe.each(backends())('WebSocket endpoints on $name', (backend) => {
	let server: TestServer;
	let alice: { client: Client; user: { id: string } };
	let bob: { client: Client; user: { id: string } };
	let wsUrl: string;
	let board: string;

	beforeAll(async () => {
		server = await serveFresh(backend);
		wsUrl = server.url.replace(/^http/, 'ws');
		alice = await signUp(server.url, { name: 'Alice' });
		bob = await signUp(server.url, { name: 'Bob' });
		// Alice is the first account, so an admin: she may run a challenge everyone is invited to.
		const challenge = await alice.client.post('/api/v1/challenges', {
			title: 'Boards',
			question: 'What shall we write?',
			status: 'open'
		});
		const { id } = ((await challenge.json()) as { challenge: { id: string } }).challenge;
		const session = await alice.client.post(`/api/v1/challenges/${id}/sessions`);
		const started = ((await session.json()) as { session: { id: string; boardId: string } })
			.session;
		board = started.boardId;
		// The board takes writing from diverge on.
		await alice.client.post(`/api/v1/sessions/${started.id}/stage`, { to: 'diverge' });
	});

	it('refuses upgrades without a valid session with 401, before any frame', async () => {
		for (const path of [`/yjs/${board}`, '/socket.io/?EIO=4&transport=websocket']) {
			expect(await upgradeStatus(wsUrl + path, {})).toBe(401);
			expect(await upgradeStatus(wsUrl + path, { cookie: 'ws_session=forged' })).toBe(401);
		}
	});

	it('refuses upgrades from another site with 403 (cross-site WebSocket hijacking)', async () => {
		const cookie = alice.client.cookieHeader;
		for (const path of [`/yjs/${board}`, '/socket.io/?EIO=4&transport=websocket']) {
			expect(await upgradeStatus(wsUrl + path, { cookie, origin: 'https://evil.example' })).toBe(
				403
			);
			expect(await upgradeStatus(wsUrl + path, { cookie, origin: server.url })).toBe(101);
		}
	});

	/** Alice (a) and Bob (b) on the board through stock providers, synced; destroyed after the test. */
	async function aliceAndBobSynced() {
		const docA = new Y.Doc();
		const docB = new Y.Doc();
		const a = yjsProvider(server.url, board, docA, alice.client.cookieHeader);
		const b = yjsProvider(server.url, board, docB, bob.client.cookieHeader);
		onTestFinished(() => {
			a.destroy();
			b.destroy();
		});
		await until(() => a.synced && b.synced, 5000, 'both synced');
		return { docA, docB, a, b };
	}

	it('syncs a board document between two y-websocket clients', async () => {
		const { docA, docB } = await aliceAndBobSynced();
		// One transaction, so B never sees the note without its text.
		docA.transact(() => {
			const note = new Y.Map<unknown>();
			docA.getMap('notes').set('n1', note);
			note.set('text', new Y.Text('Ship it'));
		});
		await until(() => docB.getMap('notes').has('n1'), 5000, 'note on B');
		const seen = docB.getMap('notes').get('n1') as Y.Map<unknown>;
		expect(String(seen.get('text'))).toBe('Ship it');
	});

	it('stamps awareness with the authenticated user, whatever the client claims', async () => {
		const { docA, a, b } = await aliceAndBobSynced();
		a.awareness.setLocalState({
			user: { id: bob.user.id, name: 'Not Alice', color: '#f00' },
			cursor: null
		});
		const stateOfA = () =>
			b.awareness.getStates().get(docA.clientID) as
				{ user?: { id: string; name: string; color: string } } | undefined;
		await until(() => stateOfA()?.user !== undefined, 5000, 'awareness on B');
		expect(stateOfA()!.user).toMatchObject({ id: alice.user.id, name: 'Alice', color: '#f00' });
	});

	it('closes a Yjs connection that sends a frame over 1 MiB with 1009, every time', async () => {
		// Repeated: the close frame used to race the socket's destruction and arrive as 1006.
		for (let attempt = 0; attempt < 10; attempt++) {
			const big = new Uint8Array(MiB + 1);
			expect(await closeCodeFor(`${wsUrl}/yjs/${board}`, alice.client.cookieHeader, big)).toBe(
				1009
			);
		}
	});

	it('closes a Yjs connection that sends a malformed message with 1007', async () => {
		const malformed = new Uint8Array([0, 2, 200, 200, 200]);
		expect(await closeCodeFor(`${wsUrl}/yjs/${board}`, alice.client.cookieHeader, malformed)).toBe(
			1007
		);
	});

	it('authenticates socket.io with the session cookie and names the user', async () => {
		const socket = socketClient(server.url, bob.client.cookieHeader);
		try {
			const ready = await new Promise<{ user: { id: string } }>((resolve, reject) => {
				socket.once('ready', resolve);
				socket.once('connect_error', reject);
			});
			expect(ready.user.id).toBe(bob.user.id);
		} finally {
			socket.close();
		}
	});

	it('refuses a socket.io connection without a session', async () => {
		const socket = socketClient(server.url);
		const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
		expect(error).toBeInstanceOf(Error);
		expect(socket.connected).toBe(false);
		socket.close();
	});

	it('disconnects a socket.io client that sends a message over 1 MiB', async () => {
		const socket = socketClient(server.url, bob.client.cookieHeader);
		await new Promise((resolve) => socket.once('ready', resolve));
		const reason = new Promise<string>((resolve) => socket.once('disconnect', resolve));
		socket.emit('anything', 'x'.repeat(MiB + 1));
		expect(await reason).toMatch(/transport close|transport error/);
	});

	it('closes the sockets of a login session when it logs out', async () => {
		const carol = await signUp(server.url, { name: 'Carol' });
		const socket = socketClient(server.url, carol.client.cookieHeader);
		await new Promise((resolve) => socket.once('ready', resolve));
		const reason = new Promise<string>((resolve) => socket.once('disconnect', resolve));
		await carol.client.post('/api/v1/auth/logout');
		expect(await reason).toBe('io server disconnect');
	});
});
