import AxeBuilder from '@axe-core/playwright';
import {
	expect,
	request,
	test,
	type APIRequestContext,
	type BrowserContext,
	type Page
} from '@playwright/test';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { ADMIN, uniqueUser, DESKTOP, PHONE } from './support.ts';

/**
 * The live board in two browsers: notes, cursors and clusters travel between them; the outline
 * works by keyboard alone; the page is axe clean; screenshots at desktop and phone width.
 */
test.describe.configure({ mode: 'serial' });

interface Person {
	id: string;
	name: string;
	context: BrowserContext;
	page: Page;
}

let admin: APIRequestContext;
let teams: { id: string; name: string }[];
let facilitator: Person;
let alice: Person;
let bob: Person;
let session: { id: string; boardId: string; joinCode: string };

async function signUp(
	browser: import('@playwright/test').Browser,
	baseURL: string,
	label: string,
	teamId: string
): Promise<Person> {
	const user = uniqueUser(label);
	const context = await browser.newContext({ baseURL, viewport: DESKTOP });
	const response = await context.request.post('/api/v1/auth/signup', {
		data: { ...user, team: teamId }
	});
	expect(response.status(), await response.text()).toBe(201);
	const { user: created } = (await response.json()) as { user: { id: string } };
	return { id: created.id, name: user.name, context, page: await context.newPage() };
}

async function expectNoViolations(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	const found = results.violations.map((v) => ({
		rule: v.id,
		nodes: v.nodes.map((n) => n.target.join(' '))
	}));
	expect(found, `axe found WCAG 2 A/AA violations on ${page.url()}`).toEqual([]);
}

async function setStage(to: string) {
	const response = await facilitator.context.request.post(`/api/v1/sessions/${session.id}/stage`, {
		data: { to }
	});
	expect(response.status(), await response.text()).toBe(200);
}

test.beforeAll(async ({ browser }, testInfo) => {
	const baseURL = testInfo.project.use.baseURL!;
	admin = await request.newContext({ baseURL });
	expect(
		(
			await admin.post('/api/v1/auth/login', {
				data: { email: ADMIN.email, password: ADMIN.password }
			})
		).status()
	).toBe(200);
	teams = [];
	for (const name of ['Design', 'Support', 'Sales']) {
		const response = await admin.post('/api/v1/teams', {
			data: { name: `${name} ${Math.random().toString(36).slice(2, 5)}` }
		});
		teams.push(((await response.json()) as { team: { id: string; name: string } }).team);
	}
	facilitator = await signUp(browser, baseURL, 'facilitator', teams[0]!.id);
	await admin.patch(`/api/v1/users/${facilitator.id}`, { data: { role: 'facilitator' } });
	alice = await signUp(browser, baseURL, 'alice', teams[1]!.id);
	bob = await signUp(browser, baseURL, 'bob', teams[2]!.id);
	const challenge = await facilitator.context.request.post('/api/v1/challenges', {
		data: {
			title: 'Fewer support tickets',
			question: 'How might customers fix problems before they call us?',
			status: 'open'
		}
	});
	const { id: challengeId } = ((await challenge.json()) as { challenge: { id: string } }).challenge;
	const started = await facilitator.context.request.post(
		`/api/v1/challenges/${challengeId}/sessions`
	);
	session = ((await started.json()) as { session: typeof session }).session;
	for (const p of [alice, bob]) {
		await p.context.request.post('/api/v1/sessions/join', { data: { code: session.joinCode } });
	}
});

test.afterAll(async () => {
	for (const p of [facilitator, alice, bob]) await p?.context.close();
	await admin?.dispose();
});

test('in the lobby the board is read-only and says why', async () => {
	await alice.page.goto(`/s/${session.id}`);
	await expect(alice.page.getByTestId('board')).toHaveAttribute('data-synced', 'true', {
		timeout: 20_000
	});
	await expect(alice.page.getByTestId('board-readonly')).toContainText(
		'opens for writing when Diverge starts'
	);
	await alice.page.getByTestId('canvas').dblclick({ position: { x: 400, y: 300 } });
	await expect(alice.page.getByTestId('note')).toHaveCount(0);
});

test('two browsers see each other’s notes and cursors', async () => {
	await setStage('diverge');
	await expect(alice.page.getByTestId('board-readonly')).toHaveCount(0);
	await bob.page.goto(`/s/${session.id}`);
	await expect(bob.page.getByTestId('board')).toHaveAttribute('data-synced', 'true', {
		timeout: 20_000
	});

	await alice.page.getByTestId('canvas').dblclick({ position: { x: 300, y: 300 } });
	await alice.page.getByLabel('Note text').fill('Short videos inside the app');
	await alice.page.keyboard.press('Enter');
	const seen = bob.page.getByTestId('note').filter({ hasText: 'Short videos inside the app' });
	await expect(seen).toBeVisible();
	await expect(seen).toContainText(alice.name);

	await bob.page.mouse.move(500, 500);
	await bob.page.mouse.move(520, 510, { steps: 4 });
	await expect(alice.page.getByTestId('cursor').filter({ hasText: bob.name })).toBeVisible();
});

test('a note dragged into a cluster lands there on the other screen', async () => {
	const canvas = alice.page.getByTestId('canvas');
	await alice.page.getByRole('button', { name: '+ Cluster' }).click();
	const cluster = alice.page.getByTestId('cluster');
	await expect(cluster).toHaveCount(1);
	await cluster.getByLabel('Cluster title').fill('Self-service');
	await canvas.click({ position: { x: 20, y: 20 } });

	const note = alice.page.getByTestId('note').filter({ hasText: 'Short videos' });
	const from = (await note.boundingBox())!;
	const to = (await cluster.boundingBox())!;
	await alice.page.mouse.move(from.x + 40, from.y + 60);
	await alice.page.mouse.down();
	await alice.page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
	await alice.page.mouse.up();

	await expect(
		bob.page.getByRole('region', { name: 'Cluster Self-service, 1 notes' })
	).toBeVisible();
});

test('the outline view works by keyboard alone', async () => {
	const page = bob.page;
	await page.getByTestId('outline-toggle').focus();
	await page.keyboard.press('Enter');
	const outline = page.getByTestId('outline');
	await expect(outline).toBeVisible();
	await page.getByLabel('New note').focus();
	await page.keyboard.type('A help search that understands error codes');
	await page.keyboard.press('Enter');
	const item = outline.getByRole('listitem', {
		name: /A help search that understands error codes, by you/
	});
	await expect(item).toBeVisible();
	// Into the cluster with the keyboard: focus the select, pick with the arrows.
	await item.getByLabel(/Cluster for/).focus();
	await page.keyboard.press('ArrowDown');
	await expect(outline.getByRole('region', { name: /Self-service \(2 notes\)/ })).toBeVisible();
	await expect(
		alice.page.getByRole('region', { name: 'Cluster Self-service, 2 notes' })
	).toBeVisible();
	await expectNoViolations(page);
});

test('the board page is axe clean on the canvas', async () => {
	await expectNoViolations(alice.page);
});

/** Fills the board through a real y-websocket client carrying Alice's session cookie. */
async function seedBoard(baseURL: string) {
	const cookies = await alice.context.cookies();
	const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
	class CookieSocket extends WebSocket {
		constructor(url: string | URL) {
			super(url, { headers: { cookie, origin: baseURL } });
		}
	}
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(
		baseURL.replace('http', 'ws') + '/yjs',
		session.boardId,
		doc,
		{
			WebSocketPolyfill: CookieSocket as unknown as typeof globalThis.WebSocket
		}
	);
	await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
	const clusters: [string, number, number, string[]][] = [
		[
			'Guides in the product',
			60,
			640,
			[
				'Tooltips on the three most asked screens',
				'Checklist for the first week',
				'Contextual help that knows your plan',
				'Empty states that teach',
				'Interactive setup tour'
			]
		],
		[
			'Status and transparency',
			700,
			640,
			[
				'Public status page with incidents',
				'Email before a known outage',
				'Show ticket progress like a parcel'
			]
		],
		[
			'Community',
			700,
			420,
			[
				'Customer forum with staff answers',
				'Monthly office hours',
				'Champions programme in big accounts',
				'Share templates between customers'
			]
		]
	];
	const loose = [
		'Chatbot trained on our docs',
		'Error messages with a fix link',
		'Call-back instead of waiting',
		'Search across docs and tickets',
		'Weekly top-10 problems report',
		'Rename confusing settings',
		'Undo for destructive actions',
		'Health check page for admins',
		'Better import validation',
		'Video answers from support',
		'Save draft automatically',
		'Offline mode for the field app',
		'Tips in the release notes',
		'Warn before the quota runs out',
		'Self-serve refunds under €50',
		'One-click diagnostics bundle',
		'Plain-language billing page',
		'A11y review of the onboarding'
	];
	const colors = ['yellow', 'pink', 'green', 'blue', 'purple', 'orange'];
	const people = [alice, bob, facilitator];
	const teamOf = [teams[1]!, teams[2]!, teams[0]!];
	let n = 0;
	const note = (text: string, x: number, y: number, clusterId: string | null) => {
		const map = new Y.Map<unknown>();
		const who = n % 3;
		map.set('text', new Y.Text(text));
		map.set('x', x);
		map.set('y', y);
		map.set('color', colors[n % colors.length]);
		map.set('authorId', people[who]!.id);
		map.set('teamId', teamOf[who]!.id);
		map.set('clusterId', clusterId);
		map.set('createdAt', Date.now() + n++);
		doc.getMap('notes').set(crypto.randomUUID(), map);
	};
	doc.transact(() => {
		for (const [title, x, y, texts] of clusters) {
			const id = crypto.randomUUID();
			const map = new Y.Map<unknown>();
			map.set('title', new Y.Text(title));
			map.set('x', x);
			map.set('y', y);
			map.set('color', 'slate');
			doc.getMap('clusters').set(id, map);
			for (const text of texts) note(text, 0, 0, id);
		}
		loose.forEach((text, i) =>
			note(
				text,
				1340 + (i % 4) * 200 + (i % 3) * 8,
				640 + Math.floor(i / 4) * 150 + (i % 2) * 10,
				null
			)
		);
	});
	await new Promise((resolve) => setTimeout(resolve, 500));
	provider.destroy();
	doc.destroy();
}

test('screenshots of a board with a few dozen notes at desktop and phone width', async ({
	baseURL
}) => {
	await seedBoard(baseURL!);
	const page = alice.page;
	await expect(page.getByTestId('note')).toHaveCount(32);
	await page.getByTestId('canvas').focus();
	await page.keyboard.press('0');
	await page.mouse.move(640, 420);
	await bob.page.getByRole('button', { name: 'Canvas' }).click();
	await bob.page.mouse.move(700, 400);
	await bob.page.mouse.move(720, 420, { steps: 3 });
	await page.waitForTimeout(400);
	await page.screenshot({ path: 'test-results/board-1280.png' });
	await expectNoViolations(page);

	const phone = await alice.context.newPage();
	await phone.setViewportSize(PHONE);
	await phone.goto(`/s/${session.id}`);
	await expect(phone.getByTestId('outline')).toBeVisible();
	await phone.screenshot({ path: 'test-results/board-375.png', fullPage: false });
	await expectNoViolations(phone);
	await phone.getByRole('button', { name: 'Canvas' }).click();
	await phone.getByTestId('canvas').focus();
	await phone.keyboard.press('0');
	await phone.screenshot({ path: 'test-results/board-375-canvas.png' });
	await phone.close();
});
