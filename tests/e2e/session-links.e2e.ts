import { expect, type Page } from '@playwright/test';
import {
	ADMIN,
	apiLogin,
	endSession,
	openChallengeSession,
	apiSignup,
	setStage,
	expectNoViolations,
	submitLogin,
	test as base,
	uniqueUser
} from './support.ts';

interface LiveFixtures {
	/** An open challenge for `audience` with a live session, started by the admin; ended after the test. */
	liveSession(audience: 'everyone' | 'invited'): Promise<{
		title: string;
		session: { id: string; joinCode: string };
	}>;
}

const test = base.extend<LiveFixtures>({
	liveSession: async ({ admin }, use) => {
		const started: string[] = [];
		await use(async (audience) => {
			const title = `Cut meeting load ${Math.random().toString(36).slice(2, 6)}`;
			const { session } = await openChallengeSession(admin, {
				title,
				question: 'How might we give every team back two hours a week?',
				whyItMatters: 'Focus time is where the work gets done.',
				quarter: '2027-Q1',
				audience
			});
			started.push(session.id);
			return { title, session };
		});
		// Tidying up: a session the test ended already answers 409, which is fine here.
		for (const id of started) await admin.post(`/api/v1/sessions/${id}/end`);
	}
});

/** Starts a session open to everyone and opens its room on `page` as the admin, who runs it. */
async function adminInTheRoom(page: Page, liveSession: LiveFixtures['liveSession']) {
	const { session } = await liveSession('everyone');
	await apiLogin(page.request, ADMIN);
	await page.goto(`/s/${session.id}`);
	return session;
}

test.describe('following a session link', () => {
	test('a signed-out person with a join link sees where it leads and lands in the session after logging in', async ({
		page,
		baseURL,
		playwright,
		liveSession
	}) => {
		const { title, session } = await liveSession('everyone');
		const person = uniqueUser('linked');
		const api = await playwright.request.newContext({ baseURL });
		await apiSignup(api, person);
		await api.dispose();

		await page.goto(`/join?code=${session.joinCode}`);
		await expect(page).toHaveURL((url) => url.pathname === '/login');
		const destination = page.getByTestId('destination');
		await expect(destination).toContainText(title);
		await expect(destination).toContainText('How might we give every team back two hours');
		await expectNoViolations(page);

		await submitLogin(page, person);
		// No second press of Join: the join finishes on its own.
		await expect(page).toHaveURL((url) => url.pathname === `/s/${session.id}`);
		await expect(page.getByTestId('current-stage')).toHaveText('Lobby');
	});

	test('the log-in page does not name a challenge that invites only some people', async ({
		page,
		liveSession
	}) => {
		const { title, session } = await liveSession('invited');
		await page.goto(`/s/${session.id}`);
		await expect(page).toHaveURL((url) => url.pathname === '/login');
		const destination = page.getByTestId('destination');
		await expect(destination).toContainText('A challenge for invited people');
		await expect(page.getByText(title)).toHaveCount(0);
	});
});

test.describe('the live room and after', () => {
	test('the facilitator copies the code and shows it full screen; Escape closes it', async ({
		page,
		liveSession
	}) => {
		const session = await adminInTheRoom(page, liveSession);
		const share = page.getByTestId('join-share');
		await expect(share.getByTestId('join-code')).toContainText(session.joinCode.slice(0, 3));
		await expect(share.getByRole('button', { name: 'Copy code' })).toBeVisible();
		await expect(share.getByRole('button', { name: 'Copy link' })).toBeVisible();

		await share.getByRole('button', { name: 'Show code' }).click();
		const dialog = page.getByRole('dialog');
		await expect(dialog).toBeVisible();
		await expect(dialog.getByTestId('show-code')).toContainText(session.joinCode.slice(3));
		await expect(dialog).toContainText(`/s/${session.id}`);
		await expectNoViolations(page);
		await page.keyboard.press('Escape');
		await expect(dialog).toBeHidden();
	});

	test('an ended session reads as ended, with skipped stages marked and nothing live', async ({
		page,
		liveSession,
		admin
	}) => {
		const session = await adminInTheRoom(page, liveSession);
		await expect(page.getByTestId('current-stage')).toHaveText('Lobby');
		await setStage(admin, session.id, 'diverge');
		await endSession(admin, session.id);

		// The open room turns into the record as soon as the end arrives.
		const ended = page.getByTestId('ended');
		await expect(ended).toContainText('Session ended');
		await expect(ended).toContainText('Ran for');
		await expect(page.getByText('Live session')).toHaveCount(0);
		await expect(page.getByTestId('join-share')).toHaveCount(0);
		const stages = page.getByRole('list', { name: 'Session stages' });
		await expect(stages.getByText('Diverge, done')).toBeAttached();
		await expect(stages.getByText('Vote, skipped')).toBeAttached();
		await expect(ended).toContainText('no ideas were taken forward');
		await expect(ended).not.toContainText('takes the winning ideas forward');
		await expectNoViolations(page);

		await page.reload();
		await expect(page.getByTestId('ended')).toContainText('Who took part');
	});
});
