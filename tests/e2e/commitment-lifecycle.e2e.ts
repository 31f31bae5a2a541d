import pg from 'pg';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { servicesBackend, type BackendEnv } from '../helpers/backends.ts';
import { voteFixtures } from '../helpers/vote-fixtures.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { PASSWORD } from '../helpers/http.ts';
import { setUpWorkshop, type Person, type Workshop } from '../helpers/workshop.ts';
import { expectNoViolations } from './support.ts';

/**
 * A commitment after the session, in Chromium: the owner checks in twice and sees the timeline
 * and the chart against the comparison group; the home page asks for a check-in on a stale one.
 * Like commit.e2e.ts it runs its own server on Postgres + Redis, since ideas are fixtures.
 */
test.describe.configure({ mode: 'serial' });

const backend = servicesBackend();
// Why it may skip: the ideas and votes this suite starts from are written straight into a fresh
// schema of the real Postgres with `pg`, which the embedded default cannot offer from outside the
// server. CI's e2e step (.ci/run, step 8) passes both URLs, so it always runs there; a laptop
// without Postgres and Redis skips it with this message instead of failing.
test.skip(!backend, 'needs DATABASE_URL and REDIS_URL (fixtures are written with pg)');

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };

let prepared: BackendEnv;
let server: TestServer;
let db: pg.Client;
let workshop: Workshop;
let owner: Person;
const ids: Record<string, string> = {};
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
	const fixtures = voteFixtures(db);
	workshop = await setUpWorkshop(server.url);
	owner = await workshop.person('Olu Owner', 1);
	const challenge = await workshop.createChallenge({ title: 'Faster onboarding' });
	const sessionId = (await workshop.startSession(challenge.id)).id;
	for (const to of ['diverge', 'cluster', 'vote', 'commit'])
		await workshop.facilitator.client.post(`/api/v1/sessions/${sessionId}/stage`, { to });
	for (const [index, name] of ['buddy', 'video'].entries()) {
		await fixtures.idea(sessionId, name, `Idea ${name}`, index, [owner]);
		const res = await workshop.facilitator.client.post(
			`/api/v1/sessions/${sessionId}/commitments`,
			{
				ideaId: name,
				title: name === 'buddy' ? 'Buddy for every new customer' : 'Five-minute setup video',
				ownerId: owner.user.id,
				dueDate: '2099-06-30',
				metric: { name: 'Time to first value', unit: 'hours', baseline: 72, target: 24 },
				kind: 'pilot',
				nextStep: 'Pick the first ten customers'
			}
		);
		expect(res.status).toBe(201);
		ids[name] = ((await res.json()) as { commitment: { id: string } }).commitment.id;
	}
	const named = await owner.client.patch(`/api/v1/commitments/${ids.buddy}`, {
		comparisonGroup: 'Site B'
	});
	expect(named.status).toBe(200);
	// The video commitment was made long ago and nobody has checked in since.
	await db.query(`update commitments set created_at = now() - interval '30 days' where id = $1`, [
		ids.video
	]);
});

test.afterAll(async () => {
	for (const context of contexts) await context.close();
	await db?.end();
	await server?.stop();
	await prepared?.cleanup();
});

async function postCheckIn(
	page: Page,
	values: { status: string; note: string; actual: string; comparison: string; confidence: string }
) {
	const form = page.getByRole('form', { name: 'Check in' });
	await form.getByLabel('Status').selectOption({ label: values.status });
	await form.getByLabel('Progress note').fill(values.note);
	await form.getByLabel(/Time to first value now/).fill(values.actual);
	await form.getByLabel(/Site B: same metric/).fill(values.comparison);
	await form.getByRole('radio', { name: values.confidence, exact: true }).check();
	await form.getByRole('button', { name: 'Post check-in' }).click();
	// the note on the timeline, not the "posted" line, which the previous check-in left showing
	await expect(page.getByTestId('timeline')).toContainText(values.note);
	await expect(form.getByText('Check-in posted.')).toBeVisible();
}

test('the owner posts two check-ins and sees them on the timeline and the chart', async ({
	browser
}) => {
	const page = await signedIn(browser, owner);
	await page.goto(`/commitments/${ids.buddy}`);
	await expect(page.getByTestId('chart-empty')).toBeVisible();

	await postCheckIn(page, {
		status: 'In progress',
		note: 'Kickoff done with the first three customers',
		actual: '70',
		comparison: '71',
		confidence: '3'
	});
	await postCheckIn(page, {
		status: 'In progress',
		note: 'Ten customers live, setup time falling',
		actual: '40',
		comparison: '66',
		confidence: '4'
	});

	await expect(page.getByTestId('status')).toHaveText('In progress');
	const timeline = page.getByTestId('timeline');
	await expect(timeline.getByRole('listitem')).toHaveCount(5); // created, edited, 2 check-ins, 1 status
	await expect(timeline.getByRole('listitem').first()).toContainText(
		'Ten customers live, setup time falling'
	);
	await expect(timeline).toContainText('Kickoff done with the first three customers');
	await expect(timeline).toContainText('moved it from Committed to In progress');
	await expect(page.getByTestId('metric-chart')).toBeVisible();
	await expect(page.getByTestId('comparison')).toContainText('a difference of -25 hours');
	// Chart.js draws into the canvas once its chunk has loaded: the canvas gets a size.
	await expect
		.poll(() => page.getByTestId('metric-chart').evaluate((c) => (c as HTMLCanvasElement).width))
		.toBeGreaterThan(0);

	// A refused check-in explains itself beside the form and posts nothing.
	const form = page.getByRole('form', { name: 'Check in' });
	await form.getByLabel('Status').selectOption({ label: 'Delivered' });
	await form.getByLabel('Progress note').fill('All done');
	await form.getByRole('button', { name: 'Post check-in' }).click();
	// no confidence picked: the form says so and keeps what was typed
	await expect(form.getByRole('alert')).toContainText('confidence');
	await expect(form.getByLabel('Progress note')).toHaveValue('All done');
	await form.getByRole('radio', { name: '5', exact: true }).check();
	await form.getByRole('button', { name: 'Post check-in' }).click();
	await expect(form.getByRole('alert')).toContainText('Write the debrief first');
	await expect(timeline.getByRole('listitem')).toHaveCount(5);

	await expectNoViolations(page);
	await page.screenshot({ path: 'test-results/commitment-lifecycle-1280.png', fullPage: true });

	const phone = await signedIn(browser, owner, PHONE);
	await phone.goto(`/commitments/${ids.buddy}`);
	await expect(phone.getByTestId('timeline').getByRole('listitem')).toHaveCount(5);
	await expect
		.poll(() => phone.getByTestId('metric-chart').evaluate((c) => (c as HTMLCanvasElement).width))
		.toBeGreaterThan(0);
	const overflow = await phone.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
	await expectNoViolations(phone);
	await phone.screenshot({ path: 'test-results/commitment-lifecycle-375.png', fullPage: true });
});

test('the home page asks the owner to check in on a stale commitment', async ({ browser }) => {
	const page = await signedIn(browser, owner);
	await page.goto('/');
	const nudge = page.getByTestId('needs-check-in');
	await expect(nudge).toContainText('Five-minute setup video');
	await expect(nudge).toContainText('No check-in yet');
	await expect(nudge).not.toContainText('Buddy for every new customer');
	await expectNoViolations(page);
	await page.screenshot({ path: 'test-results/home-needs-check-in-1280.png' });
	const phone = await signedIn(browser, owner, PHONE);
	await phone.goto('/');
	await expect(phone.getByTestId('needs-check-in')).toBeVisible();
	await phone.screenshot({ path: 'test-results/home-needs-check-in-375.png', fullPage: true });
});
