import pg from 'pg';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { servicesBackend, type BackendEnv } from '../helpers/backends.ts';
import { voteFixtures } from '../helpers/vote-fixtures.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { PASSWORD } from '../helpers/http.ts';
import { setUpWorkshop, type Person, type Workshop } from '../helpers/workshop.ts';
import { expectNoViolations } from './support.ts';

/**
 * The Commit stage and the summary in Chromium. The vote snapshot (board → ideas) is another
 * change's work, so this suite runs its own server on Postgres + Redis and writes the ideas,
 * their notes and the votes as fixtures, the way the snapshot and the vote store them. It needs
 * DATABASE_URL and REDIS_URL; without them it is skipped.
 */
test.describe.configure({ mode: 'serial' });

const backend = servicesBackend();
test.skip(!backend, 'needs DATABASE_URL and REDIS_URL (fixtures are written with pg)');

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };

let prepared: BackendEnv;
let server: TestServer;
let db: pg.Client;
let fixtures: ReturnType<typeof voteFixtures>;
let workshop: Workshop;
let sponsor: Person;
let owner: Person;
let busy: Person;
let sessionId: string;
let challengeId: string;
let facilitatorPage: Page;
let ownerPage: Page;
const contexts: BrowserContext[] = [];

async function signedIn(browser: Browser, person: Person, viewport = DESKTOP): Promise<Page> {
	const context = await browser.newContext({ baseURL: server.url, viewport });
	contexts.push(context);
	const res = await context.request.post('/api/v1/auth/login', {
		data: { email: person.email, password: PASSWORD }
	});
	expect(res.status()).toBe(200);
	return context.newPage();
}

test.beforeAll(async () => {
	prepared = await backend!.prepare();
	server = await startServer(prepared.env);
	db = new pg.Client({ connectionString: prepared.env.DATABASE_URL });
	await db.connect();
	fixtures = voteFixtures(db);
	workshop = await setUpWorkshop(server.url);
	sponsor = await workshop.person('Sam Sponsor', 0);
	owner = await workshop.person('Olu Owner', 1);
	busy = await workshop.person('Gia Goto', 1);
	const challenge = await workshop.createChallenge({ sponsorId: sponsor.user.id });
	challengeId = challenge.id;

	// Gia already holds two open commitments from an earlier session.
	const earlier = (await workshop.startSession(challenge.id)).id;
	for (const to of ['diverge', 'cluster', 'vote', 'commit'])
		await workshop.facilitator.client.post(`/api/v1/sessions/${earlier}/stage`, { to });
	for (const n of [1, 2]) {
		await fixtures.idea(earlier, `earlier-${n}`, `Earlier idea ${n}`, n, [busy]);
		const res = await workshop.facilitator.client.post(`/api/v1/sessions/${earlier}/commitments`, {
			ideaId: `earlier-${n}`,
			title: `Earlier commitment ${n}`,
			ownerId: busy.user.id,
			dueDate: '2099-01-31',
			metric: { name: 'Tickets', unit: '', baseline: 10, target: 5 },
			kind: 'pilot',
			nextStep: 'Start'
		});
		expect(res.status).toBe(201);
	}
	await workshop.facilitator.client.post(`/api/v1/sessions/${earlier}/end`);

	sessionId = (await workshop.startSession(challenge.id)).id;
	for (const to of ['diverge', 'cluster', 'vote', 'commit'])
		await workshop.facilitator.client.post(`/api/v1/sessions/${sessionId}/stage`, { to });
	await fixtures.idea(sessionId, 'buddy', 'Pair every new customer with a buddy', 0, [owner, busy]);
	await fixtures.idea(sessionId, 'video', 'Record a five-minute setup video', 1, [sponsor]);
	await fixtures.idea(sessionId, 'import', 'One-click import from the old tool', 2, [owner]);
	await fixtures.idea(sessionId, 'faq', 'A living FAQ', 3, []);
	await fixtures.vote(sessionId, owner, { buddy: 2, video: 2, import: 1 });
	await fixtures.vote(sessionId, sponsor, { buddy: 3, import: 1, faq: 1 });
	await db.query(`update live_sessions set votes_revealed_at = now() where id = $1`, [sessionId]);
});

test.afterAll(async () => {
	for (const context of contexts) await context.close();
	await db?.end();
	await server?.stop();
	await prepared?.cleanup();
});

test('the facilitator writes a commitment in the Commit stage and a participant sees it appear', async ({
	browser
}) => {
	facilitatorPage = await signedIn(browser, workshop.facilitator);
	ownerPage = await signedIn(browser, owner);
	await facilitatorPage.goto(`/s/${sessionId}`);
	await ownerPage.goto(`/s/${sessionId}`);
	const stage = facilitatorPage.getByTestId('commit-stage');
	await expect(stage.getByTestId('commit-idea')).toHaveCount(3);
	await expect(stage.getByTestId('commit-idea').first()).toContainText('5 dots');
	await expect(ownerPage.getByTestId('commit-stage')).toContainText(
		'Waiting for the facilitator to write this commitment'
	);
	await expect(facilitatorPage.getByTestId('connection')).toContainText('Live');

	await stage
		.getByRole('button', { name: 'Write commitment for Pair every new customer with a buddy' })
		.click();
	const form = facilitatorPage.getByTestId('commitment-form');
	await expect(form.getByLabel('Title', { exact: true })).toHaveValue(
		'Pair every new customer with a buddy'
	);

	// The go-to guard: Gia already owns two open commitments.
	const picker = form.getByRole('combobox', { name: 'Owner' });
	await picker.fill('Gia');
	await expect(form.getByRole('listbox').getByRole('option', { name: /Gia Goto/ })).toContainText(
		'2 open commitments'
	);
	await picker.press('Enter');
	await expect(form.getByRole('status').filter({ hasText: 'already holds 2 open' })).toBeVisible();
	await facilitatorPage.screenshot({ path: 'test-results/commit-form-goto-1280.png' });
	await expectNoViolations(facilitatorPage);

	// Someone else, chosen by keyboard alone.
	await picker.fill('Olu');
	await picker.press('ArrowDown');
	await picker.press('Enter');
	await expect(form.getByText('already holds')).toHaveCount(0);
	await form.getByLabel('Description').fill('A named buddy for the first week.');
	await form.getByLabel('Due date').fill('2099-06-30');
	await form.getByLabel('Name', { exact: true }).fill('Time to first value');
	await form.getByLabel('Unit').fill('hours');
	await form.getByLabel('Baseline').fill('72');
	await form.getByLabel('Target').fill('24');
	await form.getByLabel('First next step').fill('Ask support for five volunteers');
	await form.getByRole('button', { name: 'Save commitment' }).click();

	const card = ownerPage.getByTestId('commitment-card');
	await expect(card).toContainText('Pair every new customer with a buddy');
	await expect(card).toContainText('Olu Owner');
	await expect(card).toContainText('Sam Sponsor');
	await expect(facilitatorPage.getByTestId('commitment-card')).toHaveCount(1);
	await ownerPage.screenshot({ path: 'test-results/commit-room-1280.png' });
	await expectNoViolations(ownerPage);
});

test('the commit stage works at phone width', async ({ browser }) => {
	const phone = await signedIn(browser, sponsor, PHONE);
	await phone.goto(`/s/${sessionId}`);
	await expect(phone.getByTestId('commitment-card')).toHaveCount(1);
	await phone.screenshot({ path: 'test-results/commit-room-375.png', fullPage: true });
	await expectNoViolations(phone);
});

test('the owner finds it under My commitments and opens its page with its origin', async () => {
	await ownerPage.goto('/');
	const mine = ownerPage.getByTestId('my-commitments');
	await expect(mine).toContainText('Pair every new customer with a buddy');
	await ownerPage.screenshot({ path: 'test-results/home-commitments-1280.png', fullPage: true });
	await expectNoViolations(ownerPage);
	await mine.getByRole('link', { name: 'Pair every new customer with a buddy' }).click();
	await expect(ownerPage.getByRole('heading', { level: 1 })).toHaveText(
		'Pair every new customer with a buddy'
	);
	await expect(ownerPage.getByText('Pair every new customer with a buddy, note 1')).toBeVisible();
	// Among the contributors (the kudos form below lists the same people as choices).
	await expect(ownerPage.getByRole('listitem').filter({ hasText: 'Gia Goto' })).toBeVisible();
	await ownerPage.screenshot({ path: 'test-results/commitment-page-1280.png', fullPage: true });
	await expectNoViolations(ownerPage);
});

test('ending the session leads to a summary with the right counts', async ({ browser }) => {
	const end = await workshop.facilitator.client.post(`/api/v1/sessions/${sessionId}/end`);
	expect(end.status).toBe(200);
	await facilitatorPage.getByRole('link', { name: 'See the summary' }).click();
	const counts = facilitatorPage.getByTestId('summary-counts');
	await expect(counts.getByTestId('count-ideas')).toContainText('4');
	await expect(counts.getByTestId('count-dots')).toContainText('10');
	await expect(counts.getByTestId('count-commitments')).toContainText('1');
	await expect(counts.getByTestId('count-participants')).toContainText('3');
	await expect(facilitatorPage.getByRole('table').nth(1)).toContainText('Pair every new customer');
	await facilitatorPage.screenshot({ path: 'test-results/summary-1280.png', fullPage: true });
	await expectNoViolations(facilitatorPage);

	const phone = await signedIn(browser, owner, PHONE);
	await phone.goto(`/s/${sessionId}/summary`);
	await expect(phone.getByTestId('count-commitments')).toContainText('1');
	await phone.screenshot({ path: 'test-results/summary-375.png', fullPage: true });
	await expectNoViolations(phone);

	// The summary is reachable from the ended session's record, the challenge page and the calendar.
	await phone.goto(`/s/${sessionId}`);
	await expect(phone.getByRole('link', { name: 'See the summary' })).toBeVisible();
	await phone.screenshot({ path: 'test-results/ended-record-375.png', fullPage: true });
	await facilitatorPage.goto(`/challenges/${challengeId}`);
	await expect(facilitatorPage.getByRole('link', { name: /^Summary of session/ })).toHaveCount(2);
	await facilitatorPage.screenshot({ path: 'test-results/challenge-summary-links-1280.png' });
	await facilitatorPage.goto('/challenges');
	await expect(facilitatorPage.getByRole('link', { name: /^Summary of the session/ })).toHaveCount(
		2
	);
	await facilitatorPage.screenshot({ path: 'test-results/calendar-summary-links-1280.png' });
	await expectNoViolations(facilitatorPage);
});
