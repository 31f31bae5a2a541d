import { expect, test } from '@playwright/test';
import type { Person } from '../helpers/workshop.ts';
import { servicesSuite } from './services-suite.ts';
import { PHONE, expectNoViolations } from './support.ts';

/**
 * Following, the bell, notifications, kudos and the contribution record in Chromium. Like
 * commit.e2e.ts it runs its own server on Postgres + Redis and writes ideas as fixtures.
 */
const suite = servicesSuite();
const { signedIn } = suite;

let sponsor: Person;
let owner: Person;
let ada: Person;
let follower: Person;
let commitmentId: string;

test.beforeAll(async () => {
	const { workshop, db, fixtures } = suite;
	sponsor = await workshop.person('Sam Sponsor', 0);
	owner = await workshop.person('Olu Owner', 1);
	ada = await workshop.person('Ada Author', 1);
	follower = await workshop.person('Fay Follower', 0);
	const challenge = await workshop.createChallenge({ sponsorId: sponsor.user.id });
	const sessionId = await suite.sessionAtCommit(challenge.id);
	await fixtures.idea(sessionId, 'buddy', 'Pair every new customer with a buddy', 0, [
		ada,
		sponsor
	]);
	await fixtures.idea(sessionId, 'video', 'A five-minute setup video', 1, [ada]);
	await fixtures.vote(sessionId, owner, { buddy: 2, video: 1 });
	const make = (ideaId: string, title: string, ownerId: string) =>
		suite.commit(sessionId, {
			ideaId,
			title,
			ownerId,
			dueDate: '2099-01-31',
			metric: { name: 'Days to go live', unit: 'days', baseline: 14, target: 2 },
			nextStep: 'Recruit ten buddies'
		});
	commitmentId = await make('buddy', 'Buddy programme pilot', owner.user.id);
	const video = await make('video', 'Setup video', ada.user.id);
	await db.query(`update commitments set status = 'delivered' where id = $1`, [video]);
});

test('a colleague follows a commitment and finds it on the sponsor view', async ({ browser }) => {
	const page = await signedIn(browser, follower);
	await page.goto(`/commitments/${commitmentId}`);
	const button = page.getByTestId('follow-button');
	await expect(button).toHaveText('Follow');
	await button.click();
	await expect(button).toHaveText('Following');
	await expect(button).toHaveAttribute('aria-pressed', 'true');
	await page.screenshot({ path: 'test-results/commitment-follow-1280.png', fullPage: true });

	await page.getByRole('link', { name: 'Following' }).click();
	await expect(page).toHaveURL(/\/sponsor$/);
	await expect(page.getByTestId('sponsor-commitments')).toContainText('Buddy programme pilot');
	await expect(page.getByTestId('sponsor-commitments')).toContainText('you follow');
	await expectNoViolations(page);

	const sponsorPage = await signedIn(browser, sponsor);
	await sponsorPage.goto('/sponsor');
	const table = sponsorPage.getByTestId('funnel-table').first();
	await expect(table.getByRole('row', { name: /Commitments/ })).toContainText('2');
	await expect(table.getByRole('row', { name: /Delivered/ })).toContainText('1');
	await expect(sponsorPage.locator('canvas').first()).toBeVisible();
	await sponsorPage.screenshot({ path: 'test-results/sponsor-1280.png', fullPage: true });
	await expectNoViolations(sponsorPage);
	const phone = await signedIn(browser, sponsor, PHONE);
	await phone.goto('/sponsor');
	await expect(phone.getByTestId('funnel-table').first()).toBeVisible();
	await phone.screenshot({ path: 'test-results/sponsor-375.png', fullPage: true });
});

test('kudos from the commitment page light up the author’s bell live, and reading clears it', async ({
	browser
}) => {
	const adaPage = await signedIn(browser, ada);
	await adaPage.goto('/');
	const bell = adaPage.getByTestId('notification-bell');
	await expect(bell).toHaveAccessibleName('Notifications, none unread');
	await expect(adaPage.getByTestId('wins-feed')).toContainText('Setup video');
	await adaPage.screenshot({ path: 'test-results/home-wins-1280.png', fullPage: true });

	const ownerPage = await signedIn(browser, owner);
	await ownerPage.goto(`/commitments/${commitmentId}`);
	const form = ownerPage.getByTestId('kudos-form');
	await form.getByLabel('To').selectOption({ label: 'Ada Author' });
	await form.getByLabel('What they did that mattered').fill('Your buddy idea got us started.');
	await form.getByRole('button', { name: 'Send kudos' }).click();
	await expect(form.getByRole('status')).toContainText('Thanks sent to Ada Author.');
	await expectNoViolations(ownerPage);

	// Ada did not reload: the count arrives over the socket.
	await expect(adaPage.getByTestId('notification-count')).toHaveText('1');
	await expect(bell).toHaveAccessibleName('Notifications, 1 unread');
	await bell.click();
	await expect(adaPage).toHaveURL(/\/notifications$/);
	const list = adaPage.getByTestId('notifications');
	await expect(list).toContainText('Olu Owner thanked you for “Buddy programme pilot”');
	await adaPage.screenshot({ path: 'test-results/notifications-1280.png', fullPage: true });
	await expectNoViolations(adaPage);
	await adaPage.getByRole('button', { name: 'Mark all read' }).click();
	await expect(adaPage.getByTestId('unread-summary')).toHaveText('All read.');
	await expect(adaPage.getByTestId('notification-count')).toHaveCount(0);
	const phone = await signedIn(browser, ada, PHONE);
	await phone.goto('/notifications');
	await phone.screenshot({ path: 'test-results/notifications-375.png', fullPage: true });
});

test('the contribution record shows the delivered idea and prints cleanly', async ({ browser }) => {
	const page = await signedIn(browser, sponsor);
	await page.goto(`/people/${ada.user.id}`);
	const record = page.getByTestId('contribution-record');
	await expect(record.getByRole('heading', { name: 'Ada Author', level: 1 })).toBeVisible();
	await expect(record).toContainText('Setup video');
	await expect(record).toContainText('Your buddy idea got us started.');
	await expect(record.locator('dd').nth(2)).toHaveText('1'); // ideas delivered
	await expect(record.locator('dd').nth(3)).toHaveText('1'); // cross-team build: Sam is team 0
	await expectNoViolations(page);
	await page.screenshot({ path: 'test-results/people-1280.png', fullPage: true });

	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('header.header')).toBeHidden();
	await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
	await page.screenshot({ path: 'test-results/people-print.png', fullPage: true });
	await page.emulateMedia({ media: 'screen' });

	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Export CSV' }).click();
	expect((await download).suggestedFilename()).toBe('contributions-ada-author.csv');

	const phone = await signedIn(browser, ada, PHONE);
	await phone.goto(`/people/${ada.user.id}`);
	await phone.screenshot({ path: 'test-results/people-375.png', fullPage: true });
});

test('the weekly digest says what moved', async ({ browser }) => {
	const page = await signedIn(browser, sponsor);
	await page.goto('/digest');
	// Both commitments were made this week: creation is history too.
	await expect(page.getByTestId('digest-summary')).toContainText('2 moved · 0 quiet');
	await expect(page.getByText('Fran Facilitator created it on “Setup video”')).toBeVisible();
	await expectNoViolations(page);
	await page.screenshot({ path: 'test-results/digest-1280.png', fullPage: true });
	const phone = await signedIn(browser, sponsor, PHONE);
	await phone.goto('/digest');
	await phone.screenshot({ path: 'test-results/digest-375.png', fullPage: true });
});
