import { expect, test } from '@playwright/test';
import {
	ADMIN,
	apiLogin,
	apiSignup,
	homeHeading,
	openSettled,
	uniqueUser,
	expectNoViolations
} from './support.ts';

const viewports = [
	{ label: 'desktop', viewport: { width: 1280, height: 800 } },
	{ label: 'phone (375px)', viewport: { width: 375, height: 812 } }
] as const;

for (const { label, viewport } of viewports) {
	test.describe(`accessibility, ${label}`, () => {
		test.use({ viewport });

		for (const [path, heading] of [
			['/login', 'Log in to Whitespace'],
			['/signup', 'Create your account']
		] as const)
			test(path, async ({ page }) => {
				await page.goto(path);
				await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
				await expectNoViolations(page);
			});

		test('home page, signed in as a member', async ({ page }) => {
			await apiSignup(page.request, uniqueUser('a11y'));
			await page.goto('/');
			await expect(homeHeading(page)).toBeVisible();
			await expectNoViolations(page);
		});

		test('/admin, signed in as the admin', async ({ page }) => {
			const { user } = await apiLogin(page.request, ADMIN);
			expect(user.role).toBe('admin');
			await page.goto('/admin');
			await expect(page.getByRole('heading', { level: 1, name: 'Admin' })).toBeVisible();
			await expectNoViolations(page);
		});

		test('/login with an error shown', async ({ page }) => {
			await openSettled(page, '/login');
			// An unknown account: failed attempts on the admin would count towards its lockout.
			const stranger = uniqueUser('nobody');
			await page.getByLabel('Email').fill(stranger.email);
			await page.getByLabel('Password').fill(stranger.password);
			await page.getByRole('button', { name: 'Log in' }).click();
			await expect(page.getByRole('alert')).toBeVisible();
			await expectNoViolations(page);
		});
	});
}
