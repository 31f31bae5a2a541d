import { expect, test } from '@playwright/test';
import { boardClient } from './board-client.ts';
import { clusterMap, noteMap } from '../helpers/board-maps.ts';
import {
	expectNoViolations,
	liveSessionSuite,
	openBoard,
	setStage as moveSession,
	PHONE
} from './support.ts';

/**
 * The live board in two browsers: notes, cursors and clusters travel between them; the outline
 * works by keyboard alone; the page is axe clean; screenshots at desktop and phone width.
 */
const { teams, facilitator, alice, bob, session } = liveSessionSuite({
	teams: ['Design', 'Support', 'Sales'],
	participants: { alice: 1, bob: 2 },
	challenge: { title: 'Fewer support tickets' },
	joined: true
});

const setStage = (to: string) => moveSession(facilitator.context.request, session.id, to);

test('in the lobby the board is read-only and says why', async () => {
	await openBoard(alice.page, session.id);
	await expect(alice.page.getByTestId('board-readonly')).toContainText(
		'opens for writing when Diverge starts'
	);
	await alice.page.getByTestId('canvas').dblclick({ position: { x: 400, y: 300 } });
	await expect(alice.page.getByTestId('note')).toHaveCount(0);
});

test('two browsers see each other’s notes and cursors', async () => {
	await setStage('diverge');
	await expect(alice.page.getByTestId('board-readonly')).toHaveCount(0);
	await openBoard(bob.page, session.id);

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
	const { doc, provider } = await boardClient(baseURL, alice.context.request, session.boardId);
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
		const who = n % 3;
		const map = noteMap(text, {
			x,
			y,
			color: colors[n % colors.length],
			authorId: people[who]!.id,
			teamId: teamOf[who]!.id,
			clusterId,
			createdAt: Date.now() + n++
		});
		doc.getMap('notes').set(crypto.randomUUID(), map);
	};
	doc.transact(() => {
		for (const [title, x, y, texts] of clusters) {
			const id = crypto.randomUUID();
			doc.getMap('clusters').set(id, clusterMap(title, { x, y, color: 'slate' }));
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
