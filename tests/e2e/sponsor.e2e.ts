import { expect, test, type WebSocketRoute } from '@playwright/test';
import type { Person } from '../helpers/workshop.ts';
import { servicesSuite } from './services-suite.ts';
import { PHONE, expectNoViolations, openSettled } from './support.ts';

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
	await openSettled(ownerPage, `/commitments/${commitmentId}`);
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

test('the bell’s count stays right across a socket reconnect, counting what came while it was down', async ({
	browser
}) => {
	const checkIn = async (note: string) => {
		const res = await owner.client.post(`/api/v1/commitments/${commitmentId}/check-ins`, {
			status: 'in_progress',
			note,
			confidence: 4
		});
		expect(res.ok).toBe(true);
	};
	// In progress before Rae follows, so each check-in below tells her once (no status change).
	await checkIn('Kickoff booked');
	const reader = await suite.workshop.person('Rae Reader', 0);
	const follow = await reader.client.post('/api/v1/follows', {
		targetKind: 'commitment',
		targetId: commitmentId
	});
	expect(follow.ok).toBe(true);

	const page = await signedIn(browser, reader);
	// Every socket.io connection goes through the test, so it can cut the network as a train
	// tunnel would, both ends at once (setOffline leaves open WebSockets alone), and keep it cut:
	// while `down`, a reconnect attempt is refused. `ready` counts the server's welcome on each connection,
	// sent once the socket is in its user's room, where notifications are published.
	let down = false;
	let ready = 0;
	let refused = 0;
	const open: WebSocketRoute[] = [];
	await page.routeWebSocket(/\/socket\.io\//, (ws) => {
		if (down) {
			// Refused once open (a close in this handler can leave the page's socket connecting).
			refused++;
			setTimeout(() => void ws.close(), 50);
			return;
		}
		const server = ws.connectToServer();
		server.onMessage((message) => {
			if (String(message).startsWith('42["ready"')) ready++;
			ws.send(message);
		});
		open.push(ws, server);
	});
	await page.goto('/');
	await expect.poll(() => ready).toBe(1);
	const bell = page.getByTestId('notification-bell');
	const count = page.getByTestId('notification-count');
	await expect(bell).toHaveAccessibleName('Notifications, none unread');

	await checkIn('Buddies briefed');
	await expect(count).toHaveText('1');

	down = true;
	for (const ws of open.splice(0)) await ws.close();
	// Sent while the tab has no socket: nobody hears it, only the server's count knows.
	await checkIn('First ten buddies recruited');
	await expect(count).toHaveText('1');
	await expect.poll(() => refused, { timeout: 20_000 }).toBeGreaterThan(0);

	down = false;
	await expect.poll(() => ready, { timeout: 45_000 }).toBe(2);
	await expect(count).toHaveText('2');
	await expect(bell).toHaveAccessibleName('Notifications, 2 unread');
	// And the live count goes on from there, once each.
	await checkIn('Twenty customers paired');
	await expect(count).toHaveText('3');
});
