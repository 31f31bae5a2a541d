import { expect, test, type Page } from '@playwright/test';
import type { Person } from '../helpers/workshop.ts';
import { servicesSuite } from './services-suite.ts';
import { PHONE, expectNoViolations, openSettled } from './support.ts';

/**
 * A commitment after the session, in Chromium: the owner checks in twice and sees the timeline
 * and the chart against the comparison group; the home page asks for a check-in on a stale one.
 * Like commit.e2e.ts it runs its own server on Postgres + Redis, since ideas are fixtures.
 */
const suite = servicesSuite();
const { signedIn } = suite;

let owner: Person;
const ids: Record<string, string> = {};

test.beforeAll(async () => {
	const { workshop, db, fixtures } = suite;
	owner = await workshop.person('Olu Owner', 1);
	const challenge = await workshop.createChallenge({ title: 'Faster onboarding' });
	const sessionId = await suite.sessionAtCommit(challenge.id);
	for (const [index, name] of ['buddy', 'video'].entries()) {
		await fixtures.idea(sessionId, name, `Idea ${name}`, index, [owner]);
		ids[name] = await suite.commit(sessionId, {
			ideaId: name,
			title: name === 'buddy' ? 'Buddy for every new customer' : 'Five-minute setup video',
			ownerId: owner.user.id,
			metric: { name: 'Time to first value', unit: 'hours', baseline: 72, target: 24 },
			nextStep: 'Pick the first ten customers'
		});
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
	await openSettled(page, `/commitments/${ids.buddy}`);
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
