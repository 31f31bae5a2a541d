import { expect } from '@playwright/test';
import {
	apiSignup,
	createTeam,
	expectNoViolations,
	facilitatorWithSession,
	makeFacilitator,
	openSettled,
	test,
	uniqueUser
} from './support.ts';

test.describe('challenges in the browser', () => {
	test('a facilitator creates an invited challenge and starts a live session; another team cannot see it', async ({
		page,
		browser,
		admin
	}) => {
		const platform = await createTeam(admin, 'Platform');
		const sales = await createTeam(admin, 'Sales');
		const { user: facilitator } = await apiSignup(
			page.request,
			uniqueUser('facilitator'),
			platform.id
		);
		await makeFacilitator(admin, facilitator.id);
		const title = `Halve onboarding time ${Date.now().toString(36)}`;

		await openSettled(page, '/challenges/new');
		await expect(page.getByRole('heading', { level: 1, name: 'New challenge' })).toBeVisible();
		await page.getByLabel('Title').fill(title);
		await page
			.getByLabel('Question', { exact: true })
			.fill('How might we get a new engineer to ship in their first week?');
		await page.getByLabel('Why it matters').fill('Four weeks to a first change is too long.');
		await page.getByLabel('Only invited teams and people').check();
		await page.getByRole('checkbox', { name: platform.name, exact: true }).check();
		await page.getByRole('button', { name: 'Create and open' }).click();

		await expect(page).toHaveURL(/\/challenges\/[^/?]+\?created=open$/);
		const challengeId = new URL(page.url()).pathname.split('/')[2]!;
		await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

		await openSettled(page, '/challenges');
		await expect(
			page.getByRole('heading', { level: 1, name: 'White space calendar' })
		).toBeVisible();
		await page.getByRole('link', { name: title }).click();
		await expect(page).toHaveURL((url) => url.pathname === `/challenges/${challengeId}`);
		await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
		await page.waitForLoadState('networkidle');

		await page.getByRole('button', { name: 'Start live session' }).click();
		await expect(page).toHaveURL((url) => /^\/s\/[\w-]+$/.test(url.pathname));

		const outsiderContext = await browser.newContext();
		const outsider = await outsiderContext.newPage();
		await apiSignup(outsider.request, uniqueUser('outsider'), sales.id);
		await openSettled(outsider, '/challenges');
		await expect(
			outsider.getByRole('heading', { level: 1, name: 'White space calendar' })
		).toBeVisible();
		await expect(outsider.getByText(title)).toHaveCount(0);

		const response = await outsider.goto(`/challenges/${challengeId}`);
		expect(response?.status()).toBe(403);
		await expect(
			outsider.getByRole('heading', { level: 1, name: "You're not invited to this challenge" })
		).toBeVisible();
		await expect(outsider.getByText(title)).toHaveCount(0);

		await outsiderContext.close();
	});

	test('a wrong join code is shown on the field, and an invited person joining from the home page goes straight in', async ({
		page,
		admin,
		api
	}) => {
		const { team, session } = await facilitatorWithSession(admin, api);
		await apiSignup(page.request, uniqueUser('invited'), team.id);

		await openSettled(page, '/join');
		const code = page.getByLabel('Join code');
		await code.fill('ZZZZZZ');
		await page.getByRole('button', { name: 'Join', exact: true }).click();
		await expect(code).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByText('That is not a valid join code')).toBeVisible();
		await expect(code).not.toHaveAttribute('placeholder', /^[A-Z0-9]{6}$/);
		await expect(page).toHaveURL((url) => url.pathname === '/join');

		// From the join box on the home page, typed as people read it aloud: lower case, two halves.
		await openSettled(page, '/');
		const spoken = `${session.joinCode.slice(0, 3)}-${session.joinCode.slice(3)}`.toLowerCase();
		await page.getByLabel('Join code').fill(spoken);
		await page.getByRole('button', { name: 'Join', exact: true }).click();
		await expect(page).toHaveURL((url) => url.pathname === `/s/${session.id}`);
	});

	test('someone not invited waits after entering the code and is taken in once the facilitator admits them', async ({
		page,
		admin,
		api
	}) => {
		const { session } = await facilitatorWithSession(admin, api);
		const { user: outsider } = await apiSignup(page.request, uniqueUser('waiting'));

		await openSettled(page, `/join?code=${session.joinCode}`);
		await expect(page.getByLabel('Join code')).toHaveValue(session.joinCode);
		await page.getByRole('button', { name: 'Join', exact: true }).click();
		await expect(page.getByText("You're not invited to this challenge")).toBeVisible();
		await expect(page.getByText("We've told them you're waiting")).toBeVisible();

		const waiting = await api.get(`/api/v1/sessions/${session.id}/waiting`);
		expect(waiting.status(), await waiting.text()).toBe(200);
		expect(JSON.stringify(await waiting.json())).toContain(outsider.id);

		const admitted = await api.post(`/api/v1/sessions/${session.id}/admit`, {
			data: { userId: outsider.id }
		});
		expect(admitted.status(), await admitted.text()).toBeLessThan(300);
		await expect(page).toHaveURL((url) => url.pathname === `/s/${session.id}`);
	});
});

const viewports = [
	{ label: 'desktop', viewport: { width: 1280, height: 800 } },
	{ label: 'phone (375px)', viewport: { width: 375, height: 812 } }
] as const;

for (const { label, viewport } of viewports) {
	test.describe(`challenge pages' accessibility, ${label}`, () => {
		test.use({ viewport });

		test('/challenges', async ({ page, admin }) => {
			await facilitatorWithSession(admin, page.request);
			await openSettled(page, '/challenges');
			await expect(
				page.getByRole('heading', { level: 1, name: 'White space calendar' })
			).toBeVisible();
			await expectNoViolations(page);
		});

		test('/challenges/new, and with errors shown', async ({ page, admin }) => {
			const team = await createTeam(admin, 'Platform');
			const { user: facilitator } = await apiSignup(page.request, uniqueUser('a11y-new'), team.id);
			await makeFacilitator(admin, facilitator.id);
			await openSettled(page, '/challenges/new');
			await expect(page.getByRole('heading', { level: 1, name: 'New challenge' })).toBeVisible();
			await page.getByLabel('Only invited teams and people').check();
			await expectNoViolations(page);

			await page.getByRole('button', { name: 'Save as draft' }).click();
			await expect(page.getByRole('alert')).toBeVisible();
			await expect(page.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');
			await expectNoViolations(page);
		});

		test('/challenges/<id> with a live session', async ({ page, admin }) => {
			const { challengeId, session } = await facilitatorWithSession(admin, page.request, {
				sponsorId: null,
				privateWriting: true
			});
			await openSettled(page, `/challenges/${challengeId}`);
			await expect(page.getByText('Join code', { exact: true })).toBeVisible();
			await expect(page.getByRole('link', { name: /Open session/ })).toHaveAttribute(
				'href',
				`/s/${session.id}`
			);
			await expectNoViolations(page);
		});

		test('/join, and waiting to be let in', async ({ page, admin, api }) => {
			const { session } = await facilitatorWithSession(admin, api);
			await apiSignup(page.request, uniqueUser('a11y-join'));
			await openSettled(page, '/join');
			await expect(
				page.getByRole('heading', { level: 1, name: 'Join a live session' })
			).toBeVisible();
			await expectNoViolations(page);

			await page.getByLabel('Join code').fill(session.joinCode);
			await page.getByRole('button', { name: 'Join', exact: true }).click();
			await expect(page.getByText("You're not invited to this challenge")).toBeVisible();
			await expectNoViolations(page);
		});
	});
}
