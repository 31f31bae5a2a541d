import {
	expect,
	request as playwrightRequest,
	test,
	type APIRequestContext,
	type Page,
	type WebSocketRoute
} from '@playwright/test';
import {
	adminApi,
	apiSignup,
	facilitatorWithSession,
	openSettled,
	submitLogin,
	uniqueUser,
	expectNoViolations
} from './support.ts';

/** Creates a token through the settings form and returns it as the page shows it, once. */
async function createToken(page: Page, name: string): Promise<string> {
	await page.getByLabel('Token name').fill(name);
	await page.getByRole('button', { name: 'Create token' }).click();
	const shown = page.getByTestId('new-token');
	await expect(shown).toHaveText(/^wst_[a-z2-7]{32}$/);
	return (await shown.textContent())!;
}

function revokeDisclosure(page: Page, name: string) {
	return page.locator('summary', { hasText: `Revoke “${name}”` });
}

/** `GET /api/v1/me` with only a bearer token: a request context with no cookies at all. */
async function meWithToken(baseURL: string | undefined, token: string): Promise<number> {
	const fresh = await playwrightRequest.newContext({ baseURL });
	try {
		const response = await fresh.get('/api/v1/me', {
			headers: { authorization: `Bearer ${token}` }
		});
		return response.status();
	} finally {
		await fresh.dispose();
	}
}

test.describe('personal API tokens on /settings', () => {
	test('a token is shown once, works as a bearer token, and stops working once revoked', async ({
		page,
		baseURL
	}) => {
		const user = uniqueUser('tokens');
		await apiSignup(page.request, user);
		await openSettled(page, '/settings');

		await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
		const profile = page.getByRole('region', { name: 'Profile' });
		await expect(profile).toContainText(user.name);
		await expect(profile).toContainText(user.email);
		await expect(profile).toContainText('Member');
		await expect(page.getByText('No tokens yet')).toBeVisible();

		const token = await createToken(page, 'Deploy script');
		await expect(page.getByText("You won't see this token again")).toBeVisible();
		const row = page.getByTestId('tokens').getByRole('listitem');
		await expect(row).toHaveCount(1);
		await expect(row).toContainText('Deploy script');
		await expect(row).toContainText('Never used');
		await expect(page.getByLabel('Token name')).toHaveValue('');
		// Not in the address bar, where history and logs would keep it.
		expect(page.url()).not.toContain(token);

		const me = await playwrightRequest.newContext({ baseURL });
		const response = await me.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
		expect(response.status(), await response.text()).toBe(200);
		expect(((await response.json()) as { user: { email: string } }).user.email).toBe(user.email);
		await me.dispose();

		await page.reload();
		await expect(page.getByTestId('new-token')).toHaveCount(0);
		await expect(row).toContainText(`${token.slice(0, 10)}…`);
		await expect(row).toContainText('Last used');
		expect(await page.content()).not.toContain(token);

		await revokeDisclosure(page, 'Deploy script').click();
		await page.getByRole('button', { name: 'Revoke token “Deploy script”' }).click();
		await expect(
			page.getByRole('status').filter({ hasText: 'Revoked “Deploy script”' })
		).toBeVisible();
		await expect(page.getByText('No tokens yet')).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Your tokens' })).toBeFocused();

		expect(await meWithToken(baseURL, token)).toBe(401);
	});

	test('a token without a name is refused at the field', async ({ page }) => {
		await apiSignup(page.request, uniqueUser('tokens-empty'));
		await openSettled(page, '/settings');
		await page.getByRole('button', { name: 'Create token' }).click();
		const name = page.getByLabel('Token name');
		await expect(name).toHaveAttribute('aria-invalid', 'true');
		await expect(name).toBeFocused();
		await expect(page.getByText('Name the token after what will use it.')).toBeVisible();
		await expect(page.getByTestId('new-token')).toHaveCount(0);
	});

	test('Cancel and Escape close the revoke question without revoking', async ({ page }) => {
		await apiSignup(page.request, uniqueUser('tokens-cancel'));
		await openSettled(page, '/settings');
		await createToken(page, 'Reporting');

		const summary = revokeDisclosure(page, 'Reporting');
		const confirm = page.getByRole('button', { name: 'Revoke token “Reporting”' });
		await summary.click();
		await page.getByRole('button', { name: 'Cancel' }).click();
		await expect(confirm).toBeHidden();
		await expect(summary).toBeFocused();

		await summary.click();
		await expect(confirm).toBeVisible();
		await page.keyboard.press('Escape');
		await expect(confirm).toBeHidden();
		await expect(page.getByTestId('tokens').getByRole('listitem')).toHaveCount(1);
	});

	test.describe('without JavaScript', () => {
		test.use({ javaScriptEnabled: false });

		test('creating and revoking work with plain form posts', async ({ page, baseURL }) => {
			await apiSignup(page.request, uniqueUser('tokens-nojs'));
			await page.goto('/settings');
			const token = await createToken(page, 'Cron job');
			expect(page.url()).not.toContain(token);
			expect(await meWithToken(baseURL, token)).toBe(200);

			await revokeDisclosure(page, 'Cron job').click();
			await page.getByRole('button', { name: 'Revoke token “Cron job”' }).click();
			await expect(page.getByText('Revoked “Cron job”')).toBeVisible();
			await expect(page.getByText('No tokens yet')).toBeVisible();
			expect(await meWithToken(baseURL, token)).toBe(401);
		});
	});
});

for (const { label, viewport } of [
	{ label: 'desktop', viewport: { width: 1280, height: 800 } },
	{ label: 'phone (375px)', viewport: { width: 375, height: 812 } }
] as const) {
	test.describe(`/settings accessibility, ${label}`, () => {
		test.use({ viewport });

		test('empty, with a new token, with the revoke question open, and in dark mode', async ({
			page
		}) => {
			await apiSignup(page.request, uniqueUser('settings-a11y'));
			await openSettled(page, '/settings');
			await expect(page.getByText('No tokens yet')).toBeVisible();
			await expectNoViolations(page);

			await createToken(page, 'Slack bot');
			await expectNoViolations(page);

			await revokeDisclosure(page, 'Slack bot').click();
			await expect(page.getByRole('button', { name: 'Revoke token “Slack bot”' })).toBeVisible();
			await expectNoViolations(page);

			await page.emulateMedia({ colorScheme: 'dark' });
			await expectNoViolations(page);
		});
	});
}

/** A live session of an open challenge that invites one team; the facilitator is API-only. */
async function liveSession(baseURL: string | undefined) {
	const admin = await adminApi(baseURL);
	const facilitator = await playwrightRequest.newContext({ baseURL });
	try {
		const { team, session } = await facilitatorWithSession(admin, facilitator, {
			title: 'Fewer handovers',
			question: 'How might we cut the handovers a customer request goes through?'
		});
		return { teamId: team.id, session };
	} finally {
		await Promise.all([admin.dispose(), facilitator.dispose()]);
	}
}

/** Signs a participant up in the page's context and opens the live session until it is Live. */
async function participantInSession(page: Page, request: APIRequestContext, baseURL?: string) {
	const { teamId, session } = await liveSession(baseURL);
	const user = uniqueUser('participant');
	const signup = await request.post('/api/v1/auth/signup', { data: { ...user, team: teamId } });
	expect(signup.status(), await signup.text()).toBe(201);
	const joined = await request.post('/api/v1/sessions/join', { data: { code: session.joinCode } });
	expect(joined.status(), await joined.text()).toBe(200);
	await page.goto(`/s/${session.id}`);
	await expect(page.getByTestId('connection')).toHaveText('Live');
	return { user, session };
}

test.describe('signed out while on a live session', () => {
	test('logging out elsewhere shows "signed out", and logging in again comes back live', async ({
		page,
		baseURL
	}) => {
		const { user, session } = await participantInSession(page, page.request, baseURL);

		const logout = await page.request.post('/api/v1/auth/logout');
		expect(logout.status(), await logout.text()).toBe(200);

		await expect(page.getByRole('heading', { name: "You've been signed out" })).toBeVisible();
		await expect(page.getByRole('heading', { name: "You've been signed out" })).toBeFocused();
		await expect(page.getByTestId('connection')).toHaveText('Signed out');
		const again = page.getByRole('link', { name: 'Log in again' });
		await expect(again).toHaveAttribute(
			'href',
			`/login?redirectTo=${encodeURIComponent(`/s/${session.id}`)}`
		);
		await expectNoViolations(page);

		await again.click();
		await expect(page).toHaveURL((url) => url.pathname === '/login');
		await submitLogin(page, user);
		await expect(page).toHaveURL((url) => url.pathname === `/s/${session.id}`);
		await expect(page.getByTestId('connection')).toHaveText('Live', { timeout: 15_000 });
		await expect(page.getByTestId('signed-out')).toHaveCount(0);
	});

	test('a reconnect refused for want of a login stops retrying and says so', async ({
		page,
		context,
		baseURL
	}) => {
		// Every socket goes through the test, so it can drop the connection as a network would.
		const opened: WebSocketRoute[] = [];
		await page.routeWebSocket(/\/socket\.io\//, (socket) => {
			socket.connectToServer();
			opened.push(socket);
		});
		await participantInSession(page, page.request, baseURL);
		// The browser loses its login (an expired cookie) and the server never closes the socket:
		// only the next reconnect finds out, refused with a 401 that socket.io reports as a bare
		// connect_error.
		await context.clearCookies();
		const before = opened.length;
		await Promise.all(opened.map((socket) => socket.close()));

		await expect(page.getByRole('heading', { name: "You've been signed out" })).toBeVisible({
			timeout: 20_000
		});
		await expect(page.getByTestId('connection')).toHaveText('Signed out');
		expect(opened.length, 'the page should have tried to reconnect').toBeGreaterThan(before);
		// And it stays stopped: no more attempts once the answer is known.
		const attempts = opened.length;
		await page.waitForTimeout(3000);
		expect(opened.length).toBe(attempts);
	});
});
