import { expect, test } from '@playwright/test';
import { ADMIN, apiSignup, homeHeading, openSettled, submitLogin, uniqueUser } from './support.ts';

test.describe('authentication in the browser', () => {
	test('sign up, log out, log in again', async ({ page }) => {
		const user = uniqueUser('signup');

		await openSettled(page, '/signup');
		await expect(
			page.getByRole('heading', { level: 1, name: 'Create your account' })
		).toBeVisible();
		await page.getByLabel('Name').fill(user.name);
		await page.getByLabel('Email').fill(user.email);
		await page.getByLabel('Password').fill(user.password);
		await page.getByRole('button', { name: 'Sign up' }).click();

		await expect(page).toHaveURL((url) => url.pathname === '/');
		await expect(homeHeading(page)).toBeVisible();

		const me = await page.request.get('/api/v1/me');
		expect(me.status()).toBe(200);
		expect((await me.json()).user).toMatchObject({ email: user.email, role: 'member' });

		await page.getByRole('button', { name: 'Log out' }).click();
		await expect(page.getByRole('button', { name: 'Log out' })).toHaveCount(0);
		await expect
			.poll(async () => (await page.request.get('/api/v1/me')).status(), {
				message: 'the session should be gone after "Log out"'
			})
			.toBe(401);

		await openSettled(page, '/login');
		await expect(
			page.getByRole('heading', { level: 1, name: 'Log in to Whitespace' })
		).toBeVisible();
		await submitLogin(page, user);

		await expect(page).toHaveURL((url) => url.pathname === '/');
		await expect(homeHeading(page)).toBeVisible();
		await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
	});

	test('a wrong password shows an error and stays on /login', async ({ page, request }) => {
		// `request` has its own cookie jar: the page itself stays signed out.
		const user = uniqueUser('wrongpw');
		await apiSignup(request, user);

		await openSettled(page, '/login');
		await submitLogin(page, { email: user.email, password: `${user.password}-wrong` });

		const alert = page.getByRole('alert');
		await expect(alert).toBeVisible();
		await expect(alert).not.toHaveText('');
		await expect(page).toHaveURL((url) => url.pathname === '/login');
		await expect(
			page.getByRole('heading', { level: 1, name: 'Log in to Whitespace' })
		).toBeVisible();
		expect((await page.request.get('/api/v1/me')).status()).toBe(401);

		// The right password still works afterwards.
		await submitLogin(page, user);
		await expect(page).toHaveURL((url) => url.pathname === '/');
		await expect(homeHeading(page)).toBeVisible();
	});

	test('/admin while signed out goes through /login and back to /admin', async ({ page }) => {
		await page.goto('/admin');
		await expect(page).toHaveURL(
			(url) => url.pathname === '/login' && url.searchParams.get('redirectTo') === '/admin'
		);
		await expect(
			page.getByRole('heading', { level: 1, name: 'Log in to Whitespace' })
		).toBeVisible();
		await page.waitForLoadState('networkidle');

		await submitLogin(page, ADMIN);

		await expect(page).toHaveURL((url) => url.pathname === '/admin');
		await expect(page.getByRole('heading', { level: 1, name: 'Admin' })).toBeVisible();
	});

	test('what a slow phone types before the page hydrates survives hydration', async ({ page }) => {
		// Hold the app's JavaScript back, as a slow network does, so typing lands on the
		// server-rendered form before Svelte hydrates it.
		let release = () => {};
		const held = new Promise<void>((resolve) => (release = resolve));
		await page.route('**/_app/immutable/**/*.js', async (route) => {
			await held;
			await route.continue();
		});
		await page.goto('/signup', { waitUntil: 'domcontentloaded' });
		await page.getByLabel('Name').fill('Pat Early');
		await page.getByLabel('Email').fill('pat.early@example.test');
		await expect(page.locator('html[data-hydrated]')).toHaveCount(0);

		release();
		await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		await expect(page.getByLabel('Name')).toHaveValue('Pat Early');
		await expect(page.getByLabel('Email')).toHaveValue('pat.early@example.test');
	});
});
