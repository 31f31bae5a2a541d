import { expect, test, type Page } from '@playwright/test';
import { expectBoardSynced, expectNoViolations, liveSessionSuite, PHONE } from './support.ts';

/**
 * A whole workshop through the UI, in three browsers: a facilitator and two participants from
 * different teams join, write, cluster, vote, reveal, commit two ideas and end; then the owner
 * finds the commitment on the home page and the summary counts what happened. Accounts, teams and
 * the challenge are set up through the JSON API (their UI has suites of its own); every stage is
 * driven from the facilitator's console and the participants' screens. Alice works at desktop
 * width on the canvas, Bob on a phone in the outline, so each stage is seen (and axe-checked) at
 * 1280 and 375 px.
 */
const CLUSTER = 'Self-service help';
const VIDEOS = 'Short videos inside the app';
const SEARCH = 'A help search that understands error codes';
const BUDDY = 'A named buddy for the first week';
const IMPORT = 'Import from the old tool in one click';

const { facilitator, alice, bob, session } = liveSessionSuite({
	teams: ['Support', 'Onboarding'],
	participants: { alice: 0, bob: { team: 1, viewport: PHONE } },
	challenge: { title: `Fewer tickets in week one ${Math.random().toString(36).slice(2, 6)}` },
	invited: true
});

const everyone = () => [facilitator, alice, bob];

/** Moves the session on from the facilitator's console and waits until every screen follows. */
async function nextStage(label: string) {
	await facilitator.page
		.getByTestId('console')
		.getByRole('button', { name: `Next: ${label}` })
		.click();
	for (const p of everyone()) await expect(p.page.getByTestId('current-stage')).toHaveText(label);
}

/** Axe on Alice's desktop screen and Bob's phone, with a screenshot of each. */
async function checkStage(name: string) {
	await alice.page.screenshot({ path: `test-results/workshop-${name}-1280.png` });
	await bob.page.screenshot({ path: `test-results/workshop-${name}-375.png`, fullPage: true });
	await expectNoViolations(alice.page);
	await expectNoViolations(bob.page);
}

const ideaCard = (page: Page, title: string) =>
	page.getByTestId('idea-card').filter({ has: page.getByRole('heading', { name: title }) });

async function addDots(page: Page, title: string, n: number) {
	const add = ideaCard(page, title).getByRole('button', { name: /Add a dot/ });
	for (let i = 0; i < n; i++) {
		const before = await page.getByTestId('vote-budget').textContent();
		await add.click();
		await expect(page.getByTestId('vote-budget')).not.toHaveText(before ?? '');
	}
}

test('everyone joins: the participants by code, the facilitator from the session page', async () => {
	for (const p of [alice, bob]) {
		await p.page.goto(`/join?code=${session.joinCode}`);
		await expect(p.page.getByLabel('Join code')).toHaveValue(session.joinCode);
		await p.page.getByRole('button', { name: 'Join', exact: true }).click();
		await expect(p.page).toHaveURL((url) => url.pathname === `/s/${session.id}`);
	}
	await facilitator.page.goto(`/s/${session.id}`);
	for (const p of everyone()) {
		await expect(p.page.getByTestId('current-stage')).toHaveText('Lobby');
		await expect(p.page.getByTestId('connection')).toHaveText('Live');
	}
	// The console is open from the start for the facilitator, and only for them.
	await expect(facilitator.page.getByTestId('console')).toBeVisible();
	await expect(alice.page.getByTestId('console-toggle')).toHaveCount(0);
	await checkStage('lobby');
	await expectNoViolations(facilitator.page);
});

test('diverge: Alice writes on the canvas, Bob in the outline, and each sees the other’s notes', async () => {
	await nextStage('Diverge');
	for (const p of [alice, bob]) await expectBoardSynced(p.page);
	for (const [i, text] of [VIDEOS, BUDDY].entries()) {
		await alice.page.getByTestId('canvas').dblclick({ position: { x: 260 + i * 240, y: 320 } });
		await alice.page.getByLabel('Note text').fill(text);
		await alice.page.keyboard.press('Enter');
		await expect(alice.page.getByTestId('note').filter({ hasText: text })).toBeVisible();
	}
	const outline = bob.page.getByTestId('outline');
	await expect(outline).toBeVisible();
	for (const text of [SEARCH, IMPORT]) {
		await bob.page.getByLabel('New note').fill(text);
		await bob.page.getByRole('button', { name: 'Add note' }).click();
		await expect(
			outline.getByRole('listitem', { name: new RegExp(`^${text}, by you`) })
		).toBeVisible();
	}
	await expect(alice.page.getByTestId('note')).toHaveCount(4);
	await expect(alice.page.getByTestId('note').filter({ hasText: SEARCH })).toContainText(bob.name);
	await expect(outline.getByRole('listitem')).toHaveCount(4);
	await checkStage('diverge');
});

test('cluster: Bob groups a note of each into a named cluster and Alice sees it', async () => {
	await nextStage('Cluster');
	const outline = bob.page.getByTestId('outline');
	await bob.page.getByRole('button', { name: 'New cluster' }).click();
	await outline.getByLabel('Title of New cluster').fill(CLUSTER);
	for (const text of [VIDEOS, SEARCH])
		await outline.getByLabel(`Cluster for “${text}”`).selectOption({ label: CLUSTER });
	await expect(outline.getByRole('region', { name: `${CLUSTER} (2 notes)` })).toBeVisible();
	await expect(
		alice.page.getByRole('region', { name: `Cluster ${CLUSTER}, 2 notes` })
	).toBeVisible();
	await checkStage('cluster');
});

test('vote: each spends dots on the ideas the board became, with no tallies in view', async () => {
	await nextStage('Vote');
	for (const p of everyone()) {
		await expect(p.page.getByTestId('idea-card')).toHaveCount(3);
		await expect(p.page.getByTestId('vote-budget')).toContainText('5 of 5 dots left');
	}
	await addDots(alice.page, CLUSTER, 3);
	await addDots(alice.page, IMPORT, 2);
	await expect(alice.page.getByTestId('vote-budget')).toContainText('0 of 5 dots left');
	await addDots(bob.page, CLUSTER, 2);
	await addDots(bob.page, IMPORT, 1);
	await addDots(bob.page, BUDDY, 2);
	await expect(bob.page.getByTestId('vote-budget')).toContainText('0 of 5 dots left');
	await addDots(facilitator.page, BUDDY, 1);
	await expect(facilitator.page.getByTestId('vote-progress')).toHaveText(
		'2 of 3 have used all their dots'
	);
	for (const p of everyone()) await expect(p.page.getByTestId('vote-results')).toHaveCount(0);
	await checkStage('vote');
	await expectNoViolations(facilitator.page);
});

test('reveal: every screen ranks the ideas by dots, with the tie marked', async () => {
	const console_ = facilitator.page.getByTestId('console');
	await console_.getByRole('button', { name: 'Reveal votes…' }).click();
	await console_.getByRole('button', { name: 'Reveal now' }).click();
	for (const p of everyone()) {
		const rows = p.page.getByTestId('vote-results').getByRole('row');
		// The cluster: 5 dots, all from its own authors' teams (0%). Import (Bob's) and the buddy
		// (Alice's) 3 each, tied: Import has Alice's 2 from Support (67%), the buddy Bob's 2 (67%).
		await expect(rows).toHaveCount(4);
		await expect(rows.nth(1)).toHaveText(new RegExp(`^1\\s*${CLUSTER}.*5\\s*0%$`));
		await expect(rows.nth(2)).toHaveText(/^2\s*tied.*3\s*67%$/);
		await expect(rows.nth(3)).toHaveText(/^2\s*tied.*3\s*67%$/);
	}
	await checkStage('results');
});

test('commit: the facilitator writes two commitments and the room sees them appear', async () => {
	await nextStage('Commit');
	const stage = facilitator.page.getByTestId('commit-stage');
	await expect(stage.getByTestId('commit-idea')).toHaveCount(3);
	// Import and the buddy tied for second: the facilitator takes Import forward.
	await stage.getByRole('button', { name: `Leave out ${BUDDY}` }).click();
	await expect(stage.getByTestId('commit-idea')).toHaveCount(2);

	const commitments = [
		{ idea: CLUSTER, owner: alice, metric: 'Tickets in week one', baseline: '12', target: '6' },
		{ idea: IMPORT, owner: bob, metric: 'Hours to import', baseline: '8', target: '1' }
	];
	for (const c of commitments) {
		await stage.getByRole('button', { name: `Write commitment for ${c.idea}` }).click();
		const form = facilitator.page.getByTestId('commitment-form');
		await expect(form.getByLabel('Title', { exact: true })).toHaveValue(c.idea);
		const picker = form.getByRole('combobox', { name: 'Owner' });
		await picker.fill(c.owner.name);
		await picker.press('ArrowDown');
		await picker.press('Enter');
		await form.getByLabel('Due date').fill('2099-03-31');
		await form.getByLabel('Name', { exact: true }).fill(c.metric);
		await form.getByLabel('Baseline').fill(c.baseline);
		await form.getByLabel('Target').fill(c.target);
		await form.getByLabel('First next step').fill('Book a kick-off');
		await form.getByRole('button', { name: 'Save commitment' }).click();
		for (const p of [alice, bob])
			await expect(p.page.getByTestId('commitment-card').filter({ hasText: c.idea })).toContainText(
				c.owner.name
			);
	}
	await expect(facilitator.page.getByTestId('commitment-card')).toHaveCount(2);
	await checkStage('commit');
	await expectNoViolations(facilitator.page);
});

test('end: the facilitator ends the session and everyone is offered the summary', async () => {
	const console_ = facilitator.page.getByTestId('console');
	await console_.getByRole('button', { name: 'End session…' }).click();
	await facilitator.page
		.getByRole('dialog', { name: 'End this session for everyone?' })
		.getByRole('button', { name: 'End session' })
		.click();
	for (const p of everyone())
		await expect(p.page.getByRole('link', { name: 'See the summary' })).toBeVisible();
	await checkStage('ended');
});

test('the owner finds the commitment under My commitments on the home page', async () => {
	for (const [p, title] of [
		[alice, CLUSTER],
		[bob, IMPORT]
	] as const) {
		await p.page.goto('/');
		const mine = p.page.getByTestId('my-commitments');
		await expect(mine.getByRole('link', { name: title })).toBeVisible();
	}
	await expect(
		bob.page.getByTestId('my-commitments').getByRole('link', { name: CLUSTER })
	).toHaveCount(0);
	await checkStage('home');
});

test('the summary counts the people, notes, ideas, dots and commitments', async () => {
	for (const p of everyone()) {
		await p.page.goto(`/s/${session.id}/summary`);
		const count = (id: string) => p.page.getByTestId(`count-${id}`).locator('dd');
		await expect(count('participants')).toHaveText('3');
		await expect(count('notes')).toHaveText('4');
		await expect(count('ideas')).toHaveText('3');
		await expect(count('dots')).toHaveText('11');
		await expect(count('commitments')).toHaveText('2');
	}
	await alice.page.screenshot({ path: 'test-results/workshop-summary-1280.png', fullPage: true });
	await checkStage('summary');
});
