import { expect, test } from '@playwright/test';
import type { Person } from '../helpers/workshop.ts';
import { servicesSuite } from './services-suite.ts';
import { PHONE, expectNoViolations, openSettled } from './support.ts';

/**
 * After the workshop in Chromium: the owner writes a debrief and claims value, the sponsor
 * confirms it, the ledger shows it, and the practice library finds the debrief. Runs its own
 * server on Postgres + Redis (full-text search, and fixtures written with pg).
 */
const suite = servicesSuite();
const { signedIn } = suite;
const QUARTER = '2031-Q2';

let sponsor: Person;
let owner: Person;
let author: Person;
let commitmentId: string;
let challengeId: string;
let sessionId: string;

test.beforeAll(async () => {
	const { workshop, fixtures } = suite;
	sponsor = await workshop.person('Sam Sponsor', 0);
	owner = await workshop.person('Olu Owner', 1);
	author = await workshop.person('Ada Author', 1);
	challengeId = (await workshop.createChallenge({ sponsorId: sponsor.user.id, quarter: QUARTER }))
		.id;
	sessionId = await suite.sessionAtCommit(challengeId);
	await fixtures.idea(sessionId, 'buddy', 'Pair every new customer with a buddy', 0, [author]);
	await fixtures.vote(sessionId, sponsor, { buddy: 3 });
	commitmentId = await suite.commit(sessionId, {
		ideaId: 'buddy',
		title: 'Onboarding buddy pilot',
		ownerId: owner.user.id,
		metric: { name: 'Hours to first value', unit: 'h', baseline: 72, target: 24 },
		nextStep: 'Book the kickoff'
	});
	await workshop.admin.client.patch('/api/v1/settings', { hourlyCostMinor: 6000 });
	for (const person of [owner, workshop.facilitator])
		await fixtures.attended(sessionId, person, 60 * 60_000);
	await fixtures.stageRuns(sessionId, [
		['lobby', '2031-04-01T09:00Z'],
		['closed', '2031-04-01T10:00Z']
	]);
});

test('the owner writes a debrief, refused while empty, and claims value', async ({ browser }) => {
	const page = await signedIn(browser, owner);
	await openSettled(page, `/commitments/${commitmentId}`);
	const debrief = page.getByTestId('debrief');
	await debrief.getByRole('button', { name: 'Publish debrief' }).click();
	await expect(debrief.getByRole('alert')).toContainText('Fix 6 problems');
	await expect(debrief.getByLabel('What worked')).toHaveAttribute('aria-invalid', 'true');

	await debrief.getByLabel('What worked').fill('A named engineer per customer for the first day');
	await debrief.getByLabel('What didn’t').fill('Reminder emails nobody read');
	await debrief
		.getByLabel('Lessons for the next team')
		.fill('Start onboarding pilots with the largest accounts');
	await debrief.getByLabel('Objective').fill('Customers live within a day');
	await debrief.getByLabel('Situation').fill('B2B, forty new accounts a month');
	await debrief.getByLabel('People and teams involved').fill('Payments engineers with Growth');
	await page.screenshot({ path: 'test-results/debrief-form-1280.png', fullPage: true });
	await debrief.getByRole('button', { name: 'Publish debrief' }).click();
	await expect(debrief.getByRole('status')).toContainText('published to the practice library');
	await expect(debrief).toContainText('Reminder emails nobody read');

	const value = page.getByTestId('value');
	await value.getByLabel('Amount (EUR)').fill('2500.50');
	await value.getByLabel('Evidence').fill('Finance report: support hours saved in Q2');
	await value.getByRole('button', { name: 'Record value' }).click();
	await expect(value).toContainText('€2,500.50');
	await expect(value).toContainText('Awaiting the sponsor');
	await expectNoViolations(page);
	await page.screenshot({ path: 'test-results/commitment-outcome-1280.png', fullPage: true });
});

test('the sponsor confirms the value and the ledger shows it, traced to people and session', async ({
	browser
}) => {
	const page = await signedIn(browser, sponsor);
	await page.goto(`/commitments/${commitmentId}`);
	const value = page.getByTestId('value');
	await value.getByLabel('Note to the owner').fill('Matches the finance report');
	await value.getByRole('button', { name: 'Confirm value' }).click();
	await expect(value).toContainText('Confirmed');
	await expect(value).toContainText('Sponsor: Matches the finance report');

	await page.goto(`/ledger?quarter=${QUARTER}`);
	// 60 + 60 minutes present, the facilitator present all 60: €60/h × 2 h = €120.
	await expect(page.getByRole('definition').filter({ hasText: /^€120\.00$/ })).toBeVisible();
	const line = page.getByTestId('ledger-line');
	await expect(line).toContainText('€2,500.50');
	await expect(line).toContainText('Ada Author');
	await expect(page.getByRole('definition').filter({ hasText: /^20\.8×$/ })).toBeVisible();
	await expect(page.locator('canvas')).toBeVisible();
	await expectNoViolations(page);
	await page.screenshot({ path: 'test-results/ledger-1280.png', fullPage: true });

	await line.getByRole('link', { name: 'Summary' }).click();
	await expect(page).toHaveURL(new RegExp(`/s/${sessionId}/summary`));

	await page.goto(`/challenges/${challengeId}`);
	await expect(page.getByTestId('challenge-ledger')).toContainText('€2,500.50');
	await expectNoViolations(page);
	await page.screenshot({ path: 'test-results/challenge-ledger-1280.png', fullPage: true });

	const phone = await signedIn(browser, sponsor, PHONE);
	await phone.goto(`/ledger?quarter=${QUARTER}`);
	await expect(phone.getByTestId('ledger-line')).toBeVisible();
	await phone.screenshot({ path: 'test-results/ledger-375.png', fullPage: true });
	await phone.goto(`/commitments/${commitmentId}`);
	await expect(phone.getByTestId('value')).toContainText('Confirmed');
	await phone.screenshot({ path: 'test-results/commitment-outcome-375.png', fullPage: true });
});

test('anyone in the organisation finds the practice by a stemmed word and filters it', async ({
	browser
}) => {
	const reader = await suite.workshop.person('Rae Reader');
	const page = await signedIn(browser, reader);
	await openSettled(page, '/practices');
	await page.getByLabel('Search', { exact: true }).fill('pilot account');
	await page.getByRole('button', { name: 'Search' }).click();
	const practice = page.getByTestId('practice');
	await expect(practice).toHaveCount(1);
	await expect(practice).toContainText('Onboarding buddy pilot');
	await expect(practice.locator('mark').first()).toHaveText(/pilots|accounts/);
	await expectNoViolations(page);
	await page.screenshot({ path: 'test-results/practices-1280.png', fullPage: true });

	await page.getByLabel('Outcome').selectOption('dropped');
	await page.getByRole('button', { name: 'Search' }).click();
	await expect(page.getByText('Nothing matches')).toBeVisible();

	const phone = await signedIn(browser, reader, PHONE);
	await phone.goto('/practices?q=onboarding');
	await expect(phone.getByTestId('practice')).toHaveCount(1);
	await expectNoViolations(phone);
	await phone.screenshot({ path: 'test-results/practices-375.png', fullPage: true });
});

test('the admin sets the cost rate as a decimal', async ({ browser }) => {
	const page = await signedIn(browser, suite.workshop.admin);
	await openSettled(page, '/admin');
	const rate = page.getByLabel('Hourly cost of a person’s time');
	await expect(rate).toHaveValue('60.00');
	await rate.fill('65.5');
	await page.getByRole('button', { name: 'Save rate' }).click();
	await expect(page.getByText('Saved the cost rate and currency.')).toBeVisible();
	await rate.fill('lots');
	await page.getByRole('button', { name: 'Save rate' }).click();
	await expect(page.getByText('Write the hourly cost as an amount in EUR')).toBeVisible();
	await expectNoViolations(page);
	await page.screenshot({ path: 'test-results/admin-settings-1280.png', fullPage: true });
	const res = await suite.workshop.admin.client.get('/api/v1/settings');
	expect(
		((await res.json()) as { settings: { hourlyCostMinor: number } }).settings.hourlyCostMinor
	).toBe(6550);
});

test('a challenge with many commitments shows its first 50 value lines until asked for all', async ({
	browser
}) => {
	const { workshop, db, fixtures } = suite;
	const busy = await workshop.createChallenge({ sponsorId: sponsor.user.id, quarter: QUARTER });
	const session = await suite.sessionAtCommit(busy.id);
	await fixtures.idea(session, 'busy-idea', 'One idea, many commitments', 0, [author]);
	await db.query(
		`insert into commitments (id, idea_id, session_id, challenge_id, title, owner_id, due_date,
		   metric_name, metric_unit, metric_baseline, metric_target, kind, next_step, created_by)
		 select 'busy-' || n, 'busy-idea', $1, $2, 'Busy line ' || n, $3, '2099-01-01', 'Hours', 'h',
		   10, 5, 'pilot', 'Start', $3
		 from generate_series(1, 60) n`,
		[session, busy.id, owner.user.id]
	);

	const page = await signedIn(browser, sponsor);
	await page.goto(`/challenges/${busy.id}`);
	const ledger = page.getByTestId('challenge-ledger');
	await expect(ledger.getByTestId('ledger-line')).toHaveCount(50);
	const showAll = ledger.getByRole('button', { name: 'Show all 60 value lines' });
	await showAll.scrollIntoViewIfNeeded();
	await page.screenshot({ path: 'test-results/challenge-ledger-many-1280.png' });
	await showAll.click();
	await expect(ledger.getByTestId('ledger-line')).toHaveCount(60);
	await expect(ledger.getByRole('button', { name: /Show all/ })).toHaveCount(0);

	// On a phone each line is a card of labelled rows, not a table to scroll sideways.
	const phone = await signedIn(browser, sponsor, PHONE);
	await phone.goto(`/challenges/${busy.id}`);
	await expect(phone.getByTestId('ledger-line')).toHaveCount(50);
	await expectNoViolations(phone);
	await phone.screenshot({ path: 'test-results/challenge-ledger-375.png' });
	const lines = phone.getByRole('region', { name: 'Value lines' });
	expect(await lines.evaluate((region) => region.scrollWidth - region.clientWidth)).toBe(0);
});
