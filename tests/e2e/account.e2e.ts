import { expect, request as playwrightRequest, test } from '@playwright/test';
import { apiLogin, apiSignup, expectNoViolations, openSettled, uniqueUser } from './support.ts';

test.describe('your name and password on /settings', () => {
	test('changing the name shows it everywhere; changing the password signs out the other browser only', async ({
		page,
		baseURL
	}) => {
		const user = uniqueUser('account');
		await apiSignup(page.request, user);
		const elsewhere = await playwrightRequest.newContext({ baseURL });
		await apiLogin(elsewhere, user);

		await openSettled(page, '/settings');
		await expectNoViolations(page);
		const name = page.getByRole('region', { name: 'Name' });
		await name.getByLabel('Your name').fill('Grace Hopper');
		await name.getByRole('button', { name: 'Save name' }).click();
		await expect(name.getByText('Saved your name.')).toBeVisible();
		await expect(page.getByRole('region', { name: 'Profile' })).toContainText('Grace Hopper');

		const password = page.getByRole('region', { name: 'Password' });
		await password.getByLabel('Current password').fill('definitely-not-it');
		await password.getByLabel('New password').fill('a-brand-new-passphrase');
		await password.getByRole('button', { name: 'Change password' }).click();
		await expect(password.getByText('That is not your current password.')).toBeVisible();
		await expect(password.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
		await expectNoViolations(page);

		await password.getByLabel('Current password').fill(user.password);
		await password.getByLabel('New password').fill('a-brand-new-passphrase');
		await password.getByRole('button', { name: 'Change password' }).click();
		await expect(password.getByText('Password changed. Signed out 1 other session.')).toBeVisible();

		expect((await elsewhere.get('/api/v1/me')).status()).toBe(401);
		expect((await page.request.get('/api/v1/me')).status()).toBe(200);
		await elsewhere.dispose();
	});
});
