import { expect, test, type Page } from '@playwright/test';
import {
	expectNoViolations,
	joinSession,
	liveSessionSuite,
	signUpInBrowser,
	DESKTOP,
	PHONE
} from './support.ts';

/**
 * One live session with three people in three browsers: a facilitator and two participants
 * from different teams, plus someone the challenge does not invite. The tests run in order and
 * share the session, as a workshop would.
 */
const { teams, facilitator, alice, bob, session } = liveSessionSuite({
	teams: ['Payments', 'Growth'],
	participants: { alice: 0, bob: 1 },
	challenge: { title: 'Halve onboarding time' },
	invited: true
});

/** What a countdown shows, when, and the exact time left behind it. */
async function readCountdown(page: Page) {
	return page.getByTestId('countdown').evaluate((el) => ({
		text: (el.textContent ?? '').trim(),
		remainingMs: Number(el.getAttribute('data-remaining-ms')),
		at: Date.now()
	}));
}

function seconds(text: string): number {
	return text.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

/** Reads two countdowns as close together as the browsers allow, and the end times they imply. */
async function compareCountdowns(a: Page, b: Page) {
	const [x, y] = await Promise.all([readCountdown(a), readCountdown(b)]);
	// On a busy machine the two readings can be a second or more apart, so the texts may differ
	// by more than the clocks do: compare the end times each reading implies.
	return { a: x.text, b: y.text, exactMs: Math.abs(x.at + x.remainingMs - (y.at + y.remainingMs)) };
}

/**
 * Two screens show the same time left: the end times they imply agree within a second, so at any
 * instant their displays differ by at most one second. A page estimates the server clock while it
 * loads and refines it over the next seconds, so this waits for the estimate to settle.
 */
async function expectSameTimeLeft(a: Page, b: Page) {
	let reading = await compareCountdowns(a, b);
	await expect
		.poll(async () => (reading = await compareCountdowns(a, b)).exactMs, { timeout: 20_000 })
		.toBeLessThanOrEqual(1_000);
	return reading;
}

test('participants who join by code see everyone in the lobby, grouped by team', async () => {
	for (const person of [alice, bob]) await joinSession(person.context.request, session.joinCode);
	for (const person of [facilitator, alice, bob]) {
		await person.page.goto(`/s/${session.id}`);
		await expect(person.page.getByTestId('connection')).toHaveText('Live');
	}

	for (const person of [facilitator, alice, bob]) {
		// Presence is a panel beside the board, opened from the top bar.
		await person.page.getByTestId('people-toggle').click();
		const presence = person.page.getByTestId('presence');
		await expect(presence.getByTestId('presence-total')).toHaveText('3 people');
		const payments = presence.getByRole('region', { name: `${teams[0]!.name}, 2 people` });
		await expect(payments).toContainText(facilitator.name);
		await expect(payments).toContainText(alice.name);
		await expect(payments).toContainText('Facilitator');
		const growth = presence.getByRole('region', { name: `${teams[1]!.name}, 1 person` });
		await expect(growth).toContainText(bob.name);
		await expect(person.page.getByTestId('current-stage')).toHaveText('Lobby');
	}
	// Only the facilitator gets the console.
	await expect(alice.page.getByTestId('console-toggle')).toHaveCount(0);
	await facilitator.page.getByTestId('console-toggle').click();
	await expect(facilitator.page.getByTestId('console')).toBeVisible();
	await expect(alice.page.getByTestId('console')).toHaveCount(0);
});

test('the facilitator starts Diverge with a 5-minute timer and both participants count down together', async () => {
	const console_ = facilitator.page.getByTestId('console');
	await console_.getByRole('button', { name: 'Next: Diverge' }).click();
	await console_.getByRole('button', { name: '5 min', exact: true }).click();
	await console_.getByRole('button', { name: 'Start timer' }).click();

	for (const person of [alice, bob]) {
		await expect(person.page.getByTestId('current-stage')).toHaveText('Diverge');
		// Screen readers hear the milestones: the new stage, then the timer starting.
		await expect(person.page.getByTestId('announcer')).toHaveText(
			/^(Stage: Diverge\.|Timer started: 5 minutes\.)/
		);
		await expect(person.page.getByTestId('countdown')).toBeVisible();
		await expect(person.page.locator('[data-timer-state="running"]')).toBeVisible();
	}

	const reading = await expectSameTimeLeft(alice.page, bob.page);
	expect(seconds(reading.a)).toBeGreaterThan(4 * 60);
	test.info().annotations.push({
		type: 'countdown gap between participants',
		description: `${reading.exactMs.toFixed(0)} ms (${reading.a} vs ${reading.b})`
	});
});

test('pausing shows the same paused time everywhere, and resuming carries on', async () => {
	await facilitator.page.getByTestId('console').getByRole('button', { name: 'Pause' }).click();
	for (const person of [facilitator, alice, bob]) {
		await expect(person.page.locator('[data-timer-state="paused"]')).toBeVisible();
		await expect(person.page.locator('[data-timer-state="paused"]')).toContainText('Paused');
		await expect(person.page.getByTestId('announcer')).toHaveText('Timer paused.');
	}
	const shown = await Promise.all([facilitator, alice, bob].map((p) => readCountdown(p.page)));
	expect(new Set(shown.map((reading) => reading.text)).size, JSON.stringify(shown)).toBe(1);
	expect(new Set(shown.map((reading) => reading.remainingMs)).size).toBe(1);

	await facilitator.page.getByTestId('console').getByRole('button', { name: 'Resume' }).click();
	for (const person of [facilitator, alice, bob]) {
		await expect(person.page.locator('[data-timer-state="running"]')).toBeVisible();
	}
});

test('a participant who reloads shows the same time left as the facilitator', async () => {
	const reloadedAt = Date.now();
	await alice.page.reload();
	await expect(alice.page.getByTestId('countdown')).toBeVisible();
	await expect(alice.page.getByTestId('connection')).toHaveText('Live');
	const liveAfterMs = Date.now() - reloadedAt;
	const reading = await expectSameTimeLeft(facilitator.page, alice.page);
	test.info().annotations.push({
		type: 'after reload',
		description: `live after ${liveAfterMs} ms; gap to facilitator ${reading.exactMs.toFixed(0)} ms (${reading.a} vs ${reading.b})`
	});
});

test('a participant whose connection drops catches up with what changed meanwhile', async () => {
	await bob.context.setOffline(true);
	await expect(bob.page.getByTestId('connection')).toHaveText(/Offline|Reconnecting/);
	const console_ = facilitator.page.getByTestId('console');
	await console_.getByRole('button', { name: '+1 min' }).click();
	await facilitator.page.getByLabel('Notice for everyone').fill('Back in five');
	await facilitator.page.getByRole('button', { name: 'Show notice' }).click();
	await expect(facilitator.page.getByTestId('notice')).toContainText('Back in five');
	// The socket really is down: the broadcast did not reach Bob.
	await expect(bob.page.getByTestId('notice')).toHaveCount(0);

	await bob.context.setOffline(false);
	await expect(bob.page.getByTestId('connection')).toHaveText('Live', { timeout: 15_000 });
	await expect(bob.page.getByTestId('notice')).toContainText('Back in five');
	await expectSameTimeLeft(facilitator.page, bob.page);
	await facilitator.page.getByRole('button', { name: 'Clear notice' }).click();
	await expect(bob.page.getByTestId('notice')).toHaveCount(0);
});

test('the session page has no WCAG 2 A/AA violations, as facilitator and participant', async () => {
	// Four full-page axe runs over a live board take longer than one default test timeout.
	test.slow();
	for (const person of [facilitator, bob]) {
		for (const viewport of [DESKTOP, PHONE]) {
			await person.page.setViewportSize(viewport);
			await expect(person.page.getByTestId('countdown')).toBeVisible();
			await expectNoViolations(person.page);
		}
		await person.page.setViewportSize(DESKTOP);
	}
});

test('a notice from the facilitator appears on every screen', async () => {
	const notice = facilitator.page.getByLabel('Notice for everyone');
	await notice.fill('Two more minutes, then we cluster');
	await facilitator.page.getByRole('button', { name: 'Show notice' }).click();
	for (const person of [alice, bob]) {
		await expect(person.page.getByTestId('notice')).toContainText(
			'Two more minutes, then we cluster'
		);
	}
	await facilitator.page.getByRole('button', { name: 'Clear notice' }).click();
	await expect(bob.page.getByTestId('notice')).toHaveCount(0);
});

test('at zero everyone sees that time is up, and the facilitator is offered the next stage', async () => {
	const timer = `/api/v1/sessions/${session.id}/timer`;
	const api = facilitator.context.request;
	expect((await api.post(timer, { data: { action: 'clear' } })).status()).toBe(200);
	expect((await api.post(timer, { data: { action: 'start', seconds: 2 } })).status()).toBe(200);

	for (const person of [alice, bob]) {
		await expect(person.page.locator('[data-timer-state="done"]')).toContainText("Time's up");
		await expect(person.page.getByTestId('announcer')).toHaveText("Time's up.");
	}
	const move = facilitator.page.getByRole('button', { name: 'Move to Cluster' });
	await expect(facilitator.page.getByText("Time's up — move to Cluster?")).toBeVisible();
	await move.click();
	for (const person of [alice, bob]) {
		await expect(person.page.getByTestId('current-stage')).toHaveText('Cluster');
	}
});

test('someone not invited sees the not-invited view, asks to join and is let in', async ({
	browser,
	baseURL
}) => {
	const stranger = await signUpInBrowser(browser, baseURL!, 'stranger');
	try {
		await stranger.page.goto(`/s/${session.id}`);
		await expect(
			stranger.page.getByRole('heading', { name: "You're not invited to this challenge" })
		).toBeVisible();
		await expect(stranger.page.getByText('Halve onboarding time')).toHaveCount(0);
		await expectNoViolations(stranger.page);

		await stranger.page.getByRole('button', { name: 'Ask to join' }).click();
		await expect(stranger.page.getByText('Request sent')).toBeVisible();

		const waiting = facilitator.page.getByTestId('waiting');
		await expect(waiting).toContainText(stranger.name);
		await waiting.getByRole('button', { name: `Admit ${stranger.name}` }).click();

		await expect(stranger.page.getByTestId('current-stage')).toHaveText('Cluster');
		await facilitator.page.getByTestId('people-toggle').click();
		await expect(facilitator.page.getByTestId('presence')).toContainText(stranger.name);
	} finally {
		await stranger.context.close();
	}
});
