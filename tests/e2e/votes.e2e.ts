import { expect, test, type Page } from '@playwright/test';
import { writeNotes } from './board-client.ts';
import { expectNoViolations, liveSessionSuite, setStage as moveSession, PHONE } from './support.ts';

/**
 * The vote in three browsers: a facilitator and two participants from different teams spend
 * their dots with the budget in view, nobody sees a tally, the facilitator reveals, and every
 * screen shows the chart and the table. Axe clean; screenshots at desktop and phone width.
 */
const { facilitator, alice, bob, session } = liveSessionSuite({
	teams: ['Billing', 'Field ops', 'Product'],
	participants: { alice: 1, bob: 2 },
	challenge: { title: 'Faster invoice disputes', voteBudget: 3, voteCap: 2 }
});

const setStage = (to: string) => moveSession(facilitator.context.request, session.id, to);

const card = (page: Page, title: string) =>
	page.getByTestId('idea-card').filter({ has: page.getByRole('heading', { name: title }) });

test.beforeAll(async () => {
	const baseURL = test.info().project.use.baseURL!;
	await setStage('diverge');
	await writeNotes(
		baseURL,
		alice.context.request,
		session,
		[
			{ id: 'a1', text: 'Show the disputed line, not the whole invoice', clusterId: 'k1' },
			{ id: 'a2', text: 'Let support credit small amounts at once', clusterId: 'k1' }
		],
		[{ id: 'k1', title: 'Resolve on first contact' }]
	);
	await writeNotes(baseURL, bob.context.request, session, [
		{ id: 'b1', text: 'Photo of the delivery note in the app' },
		{ id: 'b2', text: 'A dispute status page customers can follow' }
	]);
	await setStage('cluster');
	await setStage('vote');
});

test('each person spends their own dots with the budget in view, and sees no tallies', async () => {
	for (const p of [facilitator, alice, bob]) await p.page.goto(`/s/${session.id}`);
	for (const p of [facilitator, alice, bob]) {
		await expect(p.page.getByTestId('idea-card')).toHaveCount(3);
		await expect(p.page.getByTestId('vote-budget')).toContainText('3 of 3 dots left');
	}
	const first = card(alice.page, 'Resolve on first contact');
	await first.getByRole('button', { name: /Add a dot/ }).click();
	await expect(alice.page.getByTestId('vote-budget')).toContainText('2 of 3 dots left');
	await first.getByRole('button', { name: /Add a dot/ }).click();
	await expect(alice.page.getByTestId('vote-budget')).toContainText('1 of 3 dots left');
	// Two is the cap on one idea here.
	await expect(first.getByRole('button', { name: /Add a dot/ })).toHaveAttribute(
		'aria-disabled',
		'true'
	);
	await expect(first).toContainText('At most 2 here');
	await card(alice.page, 'A dispute status page customers can follow')
		.getByRole('button', { name: /Add a dot/ })
		.click();
	await expect(alice.page.getByTestId('vote-budget')).toContainText('0 of 3 dots left');
	await expect(alice.page.getByRole('status').filter({ hasText: 'left' })).toContainText(
		'0 dots left'
	);

	// Bob votes by keyboard alone, and takes one back.
	const photo = card(bob.page, 'Photo of the delivery note in the app');
	await photo.getByRole('button', { name: /Add a dot/ }).focus();
	await bob.page.keyboard.press('Enter');
	await expect(bob.page.getByTestId('vote-budget')).toContainText('2 of 3 dots left');
	await bob.page.keyboard.press('Enter');
	await expect(photo.getByRole('img', { name: '2 dots of yours on this idea' })).toBeVisible();
	await photo.getByRole('button', { name: /Take a dot back/ }).click();
	await expect(bob.page.getByTestId('vote-budget')).toContainText('2 of 3 dots left');

	await card(facilitator.page, 'Resolve on first contact')
		.getByRole('button', { name: /Add a dot/ })
		.click();
	await expect(facilitator.page.getByTestId('vote-progress')).toHaveText(
		'1 of 3 have used all their dots'
	);
	await expect(facilitator.page.getByTestId('console')).toContainText(
		'1 of 3 have used all their dots'
	);
	await expect(facilitator.page.getByTestId('vote-results')).toHaveCount(0);

	await expectNoViolations(alice.page);
	await expectNoViolations(facilitator.page);
	await alice.page.screenshot({ path: 'test-results/vote-1280.png' });
	await facilitator.page.screenshot({ path: 'test-results/vote-facilitator-1280.png' });
	const phone = await alice.context.newPage();
	await phone.setViewportSize(PHONE);
	await phone.goto(`/s/${session.id}`);
	await expect(phone.getByTestId('vote-budget')).toContainText('0 of 3 dots left');
	await expectNoViolations(phone);
	await phone.screenshot({ path: 'test-results/vote-375.png' });
	await phone.close();
});

test('the facilitator reveals, and every screen shows the ranked chart and table with ties and cross-team pull', async () => {
	const console = facilitator.page.getByTestId('console');
	await console.getByRole('button', { name: 'Reveal votes…' }).click();
	await console.getByRole('button', { name: 'Reveal now' }).click();
	await expect(console.getByTestId('votes-revealed')).toBeVisible();
	for (const p of [facilitator, alice, bob]) {
		const results = p.page.getByTestId('vote-results');
		await expect(results.getByTestId('results-chart')).toBeVisible();
		const rows = results.getByRole('row');
		// First contact (Alice's): her 2 dots and the facilitator's 1, from another team (33%);
		// then Bob's two ideas with 1 each, tied: his own dot (0%) and Alice's (100%).
		await expect(rows).toHaveCount(4);
		await expect(rows.nth(1)).toHaveText(/^1\s*Resolve on first contact.*3\s*33%$/);
		await expect(rows.nth(2)).toHaveText(/^2\s*tied\s*Photo of the delivery note.*1\s*0%$/);
		await expect(rows.nth(3)).toHaveText(/^2\s*tied\s*A dispute status page.*1\s*100%$/);
	}
	await expect(alice.page.getByTestId('idea-card')).toHaveCount(0);
	await expectNoViolations(bob.page);
	await bob.page.screenshot({ path: 'test-results/vote-results-1280.png' });
	const phone = await bob.context.newPage();
	await phone.setViewportSize(PHONE);
	await phone.goto(`/s/${session.id}`);
	await expect(phone.getByTestId('results-chart')).toBeVisible();
	await expectNoViolations(phone);
	await phone.screenshot({ path: 'test-results/vote-results-375.png', fullPage: true });
	await phone.close();
});
