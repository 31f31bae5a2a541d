import {
	expect,
	test,
	type APIRequestContext,
	type Browser,
	type BrowserContext,
	type Page
} from '@playwright/test';
import { writeNotes } from './board-client.ts';
import {
	adminApi,
	apiLogin,
	apiSignup,
	createTeam,
	expectNoViolations,
	makeFacilitator,
	uniqueUser,
	type TestUser,
	DESKTOP,
	PHONE
} from './support.ts';

/**
 * The Commit stage and the summary in Chromium, on the default embedded server. The session
 * reaches Commit the real way, through the JSON API: notes written over the board's Yjs endpoint,
 * the vote's snapshot, dots cast with `POST …/votes`, the reveal and the stage changes.
 * `workshop.e2e.ts` drives those stages through the UI.
 */
test.describe.configure({ mode: 'serial' });

interface Person extends TestUser {
	id: string;
	api: APIRequestContext;
}

let baseURL: string;
let admin: APIRequestContext;
let facilitator: Person;
let sponsor: Person;
let owner: Person;
let busy: Person;
let sessionId: string;
let challengeId: string;
let challengeTitle: string;
let facilitatorPage: Page;
let ownerPage: Page;
const contexts: BrowserContext[] = [];

async function signedIn(browser: Browser, person: Person, viewport = DESKTOP): Promise<Page> {
	const context = await browser.newContext({ baseURL, viewport });
	contexts.push(context);
	await apiLogin(context.request, person);
	return context.newPage();
}

async function post(person: Person, path: string, data?: unknown) {
	const response = await person.api.post(path, data === undefined ? {} : { data });
	expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300);
	return response;
}

/** A live session of the challenge everyone has joined, open for writing. */
async function startSession(): Promise<{ id: string; boardId: string }> {
	const started = await post(facilitator, `/api/v1/challenges/${challengeId}/sessions`);
	const { session } = (await started.json()) as {
		session: { id: string; boardId: string; joinCode: string };
	};
	for (const p of [sponsor, owner, busy])
		await post(p, '/api/v1/sessions/join', { code: session.joinCode });
	await post(facilitator, `/api/v1/sessions/${session.id}/stage`, { to: 'diverge' });
	return session;
}

async function toStage(id: string, ...stages: string[]) {
	for (const to of stages) await post(facilitator, `/api/v1/sessions/${id}/stage`, { to });
}

/** The session's ideas by title, once the vote has snapshotted the board. */
async function ideaIds(id: string): Promise<Record<string, string>> {
	const response = await facilitator.api.get(`/api/v1/sessions/${id}/ideas`);
	const { ideas } = (await response.json()) as { ideas: { id: string; title: string }[] };
	return Object.fromEntries(ideas.map((idea) => [idea.title, idea.id]));
}

async function vote(
	id: string,
	voter: Person,
	ideas: Record<string, string>,
	dots: Record<string, number>
) {
	for (const [title, n] of Object.entries(dots))
		for (let i = 0; i < n; i++)
			await post(voter, `/api/v1/sessions/${id}/votes`, { ideaId: ideas[title], delta: 1 });
}

test.beforeAll(async ({ playwright }, testInfo) => {
	baseURL = testInfo.project.use.baseURL!;
	admin = await adminApi(baseURL);
	const teams = [await createTeam(admin, 'Payments'), await createTeam(admin, 'Growth')];
	const tag = Math.random().toString(36).slice(2, 6);
	const person = async (name: string, teamId: string): Promise<Person> => {
		const user = { ...uniqueUser('commit'), name: `${name} ${tag}` };
		const api = await playwright.request.newContext({ baseURL });
		const { user: created } = await apiSignup(api, user, teamId);
		return { ...user, id: created.id, api };
	};
	facilitator = await person('Fran Facilitator', teams[0]!.id);
	await makeFacilitator(admin, facilitator.id);
	sponsor = await person('Sam Sponsor', teams[0]!.id);
	owner = await person('Olu Owner', teams[1]!.id);
	busy = await person('Gia Goto', teams[1]!.id);
	challengeTitle = `Halve onboarding time ${tag}`;
	const created = await post(facilitator, '/api/v1/challenges', {
		title: challengeTitle,
		question: 'How might we get new customers live in a day?',
		status: 'open',
		sponsorId: sponsor.id
	});
	challengeId = ((await created.json()) as { challenge: { id: string } }).challenge.id;

	// Gia already holds two open commitments from an earlier session.
	const earlier = await startSession();
	await writeNotes(baseURL, busy.api, earlier, [
		{ id: 'e1', text: 'Earlier idea 1' },
		{ id: 'e2', text: 'Earlier idea 2' }
	]);
	await toStage(earlier.id, 'cluster', 'vote', 'commit');
	const earlierIdeas = await ideaIds(earlier.id);
	for (const n of [1, 2])
		await post(facilitator, `/api/v1/sessions/${earlier.id}/commitments`, {
			ideaId: earlierIdeas[`Earlier idea ${n}`],
			title: `Earlier commitment ${n}`,
			ownerId: busy.id,
			dueDate: '2099-01-31',
			metric: { name: 'Tickets', unit: '', baseline: 10, target: 5 },
			kind: 'pilot',
			nextStep: 'Start'
		});
	await post(facilitator, `/api/v1/sessions/${earlier.id}/end`);

	const session = await startSession();
	sessionId = session.id;
	await writeNotes(
		baseURL,
		owner.api,
		session,
		[
			{ id: 'o1', text: 'A buddy from support for week one', clusterId: 'buddy' },
			{ id: 'o2', text: 'One-click import from the old tool' }
		],
		[{ id: 'buddy', title: 'Pair every new customer with a buddy' }]
	);
	await writeNotes(baseURL, busy.api, session, [
		{ id: 'g1', text: 'Buddies rotate every quarter', clusterId: 'buddy' }
	]);
	await writeNotes(baseURL, sponsor.api, session, [
		{ id: 's1', text: 'Record a five-minute setup video' },
		{ id: 's2', text: 'A living FAQ' }
	]);
	await toStage(sessionId, 'cluster', 'vote');
	const ideas = await ideaIds(sessionId);
	await vote(sessionId, owner, ideas, {
		'Pair every new customer with a buddy': 2,
		'Record a five-minute setup video': 2,
		'One-click import from the old tool': 1
	});
	await vote(sessionId, sponsor, ideas, {
		'Pair every new customer with a buddy': 3,
		'One-click import from the old tool': 1,
		'A living FAQ': 1
	});
	await post(facilitator, `/api/v1/sessions/${sessionId}/votes/reveal`);
	await toStage(sessionId, 'commit');
});

test.afterAll(async () => {
	for (const context of contexts) await context.close();
	for (const p of [facilitator, sponsor, owner, busy]) await p?.api.dispose();
	await admin?.dispose();
});

test('the facilitator writes a commitment in the Commit stage and a participant sees it appear', async ({
	browser
}) => {
	facilitatorPage = await signedIn(browser, facilitator);
	ownerPage = await signedIn(browser, owner);
	await facilitatorPage.goto(`/s/${sessionId}`);
	await ownerPage.goto(`/s/${sessionId}`);
	const stage = facilitatorPage.getByTestId('commit-stage');
	await expect(stage.getByTestId('commit-idea')).toHaveCount(3);
	await expect(stage.getByTestId('commit-idea').first()).toContainText('5 dots');
	await expect(ownerPage.getByTestId('commit-stage')).toContainText(
		'Waiting for the facilitator to write this commitment'
	);
	await expect(facilitatorPage.getByTestId('connection')).toContainText('Live');

	await stage
		.getByRole('button', { name: 'Write commitment for Pair every new customer with a buddy' })
		.click();
	const form = facilitatorPage.getByTestId('commitment-form');
	await expect(form.getByLabel('Title', { exact: true })).toHaveValue(
		'Pair every new customer with a buddy'
	);

	// The go-to guard: Gia already owns two open commitments.
	const picker = form.getByRole('combobox', { name: 'Owner' });
	await picker.fill(busy.name);
	await expect(
		form.getByRole('listbox').getByRole('option', { name: new RegExp(busy.name) })
	).toContainText('2 open commitments');
	await picker.press('Enter');
	await expect(form.getByRole('status').filter({ hasText: 'already holds 2 open' })).toBeVisible();
	await facilitatorPage.screenshot({ path: 'test-results/commit-form-goto-1280.png' });
	await expectNoViolations(facilitatorPage);

	// Someone else, chosen by keyboard alone.
	await picker.fill(owner.name);
	await picker.press('ArrowDown');
	await picker.press('Enter');
	await expect(form.getByText('already holds')).toHaveCount(0);
	await form.getByLabel('Description').fill('A named buddy for the first week.');
	await form.getByLabel('Due date').fill('2099-06-30');
	await form.getByLabel('Name', { exact: true }).fill('Time to first value');
	await form.getByLabel('Unit').fill('hours');
	await form.getByLabel('Baseline').fill('72');
	await form.getByLabel('Target').fill('24');
	await form.getByLabel('First next step').fill('Ask support for five volunteers');
	await form.getByRole('button', { name: 'Save commitment' }).click();

	const card = ownerPage.getByTestId('commitment-card');
	await expect(card).toContainText('Pair every new customer with a buddy');
	await expect(card).toContainText('Olu Owner');
	await expect(card).toContainText('Sam Sponsor');
	await expect(facilitatorPage.getByTestId('commitment-card')).toHaveCount(1);
	await ownerPage.screenshot({ path: 'test-results/commit-room-1280.png' });
	await expectNoViolations(ownerPage);
});

test('the commit stage works at phone width', async ({ browser }) => {
	const phone = await signedIn(browser, sponsor, PHONE);
	await phone.goto(`/s/${sessionId}`);
	await expect(phone.getByTestId('commitment-card')).toHaveCount(1);
	await phone.screenshot({ path: 'test-results/commit-room-375.png', fullPage: true });
	await expectNoViolations(phone);
});

test('the owner finds it under My commitments and opens its page with its origin', async () => {
	await ownerPage.goto('/');
	const mine = ownerPage.getByTestId('my-commitments');
	await expect(mine).toContainText('Pair every new customer with a buddy');
	await ownerPage.screenshot({ path: 'test-results/home-commitments-1280.png', fullPage: true });
	await expectNoViolations(ownerPage);
	await mine.getByRole('link', { name: 'Pair every new customer with a buddy' }).click();
	await expect(ownerPage.getByRole('heading', { level: 1 })).toHaveText(
		'Pair every new customer with a buddy'
	);
	await expect(ownerPage.getByText('A buddy from support for week one')).toBeVisible();
	// Among the contributors (the kudos form below lists the same people as choices).
	await expect(ownerPage.getByRole('listitem').filter({ hasText: busy.name })).toBeVisible();
	await ownerPage.screenshot({ path: 'test-results/commitment-page-1280.png', fullPage: true });
	await expectNoViolations(ownerPage);
});

test('ending the session leads to a summary with the right counts', async ({ browser }) => {
	await post(facilitator, `/api/v1/sessions/${sessionId}/end`);
	await facilitatorPage.getByRole('link', { name: 'See the summary' }).click();
	const count = (id: string) => facilitatorPage.getByTestId(`count-${id}`).locator('dd');
	await expect(count('notes')).toHaveText('5');
	await expect(count('ideas')).toHaveText('4');
	await expect(count('dots')).toHaveText('10');
	await expect(count('commitments')).toHaveText('1');
	await expect(count('participants')).toHaveText('3');
	await expect(facilitatorPage.getByRole('table').nth(1)).toContainText('Pair every new customer');
	await facilitatorPage.screenshot({ path: 'test-results/summary-1280.png', fullPage: true });
	await expectNoViolations(facilitatorPage);

	const phone = await signedIn(browser, owner, PHONE);
	await phone.goto(`/s/${sessionId}/summary`);
	await expect(phone.getByTestId('count-commitments')).toContainText('1');
	await phone.screenshot({ path: 'test-results/summary-375.png', fullPage: true });
	await expectNoViolations(phone);

	// The summary is reachable from the ended session's record, the challenge page and the calendar.
	await phone.goto(`/s/${sessionId}`);
	await expect(phone.getByRole('link', { name: 'See the summary' })).toBeVisible();
	await phone.screenshot({ path: 'test-results/ended-record-375.png', fullPage: true });
	await facilitatorPage.goto(`/challenges/${challengeId}`);
	await expect(facilitatorPage.getByRole('link', { name: /^Summary of session/ })).toHaveCount(2);
	await facilitatorPage.screenshot({ path: 'test-results/challenge-summary-links-1280.png' });
	await facilitatorPage.goto('/challenges');
	const card = facilitatorPage.getByRole('article', { name: challengeTitle });
	await expect(card.getByRole('link', { name: /^Summary of the session/ })).toHaveCount(2);
	await facilitatorPage.screenshot({ path: 'test-results/calendar-summary-links-1280.png' });
	await expectNoViolations(facilitatorPage);
});
