import AxeBuilder from '@axe-core/playwright';
import {
	expect,
	request as playwrightRequest,
	test as base,
	type APIRequestContext,
	type Browser,
	type BrowserContext,
	type Page,
	type ViewportSize
} from '@playwright/test';

/**
 * The admin account. `global-setup.ts` creates it through the API before any test runs, so it
 * is the first account of the fresh database and therefore the admin; every account a test
 * signs up afterwards is a member.
 */
export const ADMIN = {
	email: 'admin@e2e.test',
	password: 'e2e-admin-password',
	name: 'E2E Admin'
} as const;

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };

export interface TestUser {
	email: string;
	password: string;
	name: string;
}

/** A user no other test (or retry) uses. */
export function uniqueUser(label = 'user'): TestUser {
	const id = `${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
	return {
		email: `e2e-${label}-${id}@example.com`,
		password: `pw-${id}-long-enough`,
		name: `E2E ${label} ${id.slice(-4)}`
	};
}

/**
 * Signs a user up through the JSON API. With `page.request` the session cookie lands in the
 * page's browser context, so the page is signed in afterwards.
 */
export async function apiSignup(
	request: APIRequestContext,
	user: TestUser,
	team: string | null = null
) {
	const response = await request.post('/api/v1/auth/signup', { data: { ...user, team } });
	expect(response.status(), await response.text()).toBe(201);
	return (await response.json()) as { user: { id: string; email: string; role: string } };
}

/** Logs in through the JSON API; with `page.request` the page's context gets the cookie. */
export async function apiLogin(
	request: APIRequestContext,
	user: Pick<TestUser, 'email' | 'password'>
) {
	const response = await request.post('/api/v1/auth/login', {
		data: { email: user.email, password: user.password }
	});
	expect(response.status(), await response.text()).toBe(200);
	return (await response.json()) as { user: { id: string; email: string; role: string } };
}

/** A fresh request context signed in as the admin, for setting up teams and roles. */
export async function adminApi(baseURL: string | undefined): Promise<APIRequestContext> {
	const admin = await playwrightRequest.newContext({ baseURL });
	await apiLogin(admin, ADMIN);
	return admin;
}

export interface Team {
	id: string;
	name: string;
}

/** A team with a name no other test (or retry) uses, starting with `label`. */
export async function createTeam(admin: APIRequestContext, label: string): Promise<Team> {
	const name = `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
	const response = await admin.post('/api/v1/teams', { data: { name } });
	expect(response.status(), await response.text()).toBe(201);
	return ((await response.json()) as { team: Team }).team;
}

export async function makeFacilitator(admin: APIRequestContext, userId: string) {
	const response = await admin.patch(`/api/v1/users/${userId}`, {
		data: { role: 'facilitator' }
	});
	expect(response.status(), await response.text()).toBe(200);
}

/** Creates an open challenge as the one signed in on `request` and starts a live session of it. */
export async function openChallengeSession(
	request: APIRequestContext,
	challenge: Record<string, unknown>
) {
	const created = await request.post('/api/v1/challenges', {
		data: { status: 'open', ...challenge }
	});
	expect(created.status(), await created.text()).toBe(201);
	const { challenge: body } = (await created.json()) as { challenge: { id: string } };
	const started = await request.post(`/api/v1/challenges/${body.id}/sessions`);
	expect(started.status(), await started.text()).toBe(201);
	const { session } = (await started.json()) as { session: LiveSession };
	return { challengeId: body.id, session };
}

export interface LiveSession {
	id: string;
	boardId: string;
	joinCode: string;
}

/** Joins the session by its code as the one signed in on `request`. */
export async function joinSession(request: APIRequestContext, code: string) {
	const joined = await request.post('/api/v1/sessions/join', { data: { code } });
	expect(joined.status(), await joined.text()).toBe(200);
}

/** Moves the session to stage `to` as its facilitator, signed in on `request`. */
export async function setStage(request: APIRequestContext, sessionId: string, to: string) {
	const moved = await request.post(`/api/v1/sessions/${sessionId}/stage`, { data: { to } });
	expect(moved.status(), await moved.text()).toBe(200);
}

/** Someone signed up in a browser context of their own, which carries their session. */
export interface BrowserPerson extends TestUser {
	id: string;
	context: BrowserContext;
	page: Page;
}

/** Signs a new user up in a new browser context and opens a page in it. */
export async function signUpInBrowser(
	browser: Browser,
	baseURL: string,
	label: string,
	teamId: string | null = null,
	viewport: ViewportSize = DESKTOP
): Promise<BrowserPerson> {
	const user = uniqueUser(label);
	const context = await browser.newContext({ baseURL, viewport });
	const { user: created } = await apiSignup(context.request, user, teamId);
	return { ...user, id: created.id, context, page: await context.newPage() };
}

/** Where a participant sits: the index of their team in `teams`, and a viewport when not desktop. */
export type Seat = number | { team: number; viewport?: ViewportSize };

/** The teams, people and challenge of a live session; see `liveSessionCast`. */
export interface LiveSessionSetup<L extends string> {
	teams: string[];
	/**
	 * The participants, in the order they sign up, by the label of their account; each label is
	 * also the name the suite returns them under, so it cannot be `teams`, `facilitator` or `session`.
	 */
	participants: Record<L, Seat> & { teams?: never; facilitator?: never; session?: never };
	/** Fields of the challenge beyond the defaults (a title of its own, a question). */
	challenge?: Record<string, unknown>;
	invited?: boolean;
	/** Every participant joins the session with its code (through the API) before the tests. */
	joined?: boolean;
}

/** The challenge a live session is of unless the file says otherwise; the title is unique. */
function defaultChallenge() {
	return {
		title: `A live session ${Math.random().toString(36).slice(2, 6)}`,
		question: 'How might we make the first week of a new customer easier?'
	};
}

/**
 * The people of a live session, each in a browser of their own: a new team per label in `teams`,
 * a facilitator in the first, every participant in the team their seat names, and a live session
 * of an open challenge the facilitator creates from the defaults and `challenge` (inviting only
 * these teams when `invited` is set). The participants have joined the session when `joined` is
 * set.
 */
async function liveSessionCast<L extends string>(
	browser: Browser,
	baseURL: string,
	setup: LiveSessionSetup<L>
) {
	const admin = await adminApi(baseURL);
	try {
		const teams: Team[] = [];
		for (const label of setup.teams) teams.push(await createTeam(admin, label));
		const facilitator = await signUpInBrowser(browser, baseURL, 'facilitator', teams[0]!.id);
		await makeFacilitator(admin, facilitator.id);
		const participants = {} as Record<L, BrowserPerson>;
		for (const [label, seat] of Object.entries<Seat>(setup.participants)) {
			const { team, viewport } = typeof seat === 'number' ? { team: seat } : seat;
			participants[label as L] = await signUpInBrowser(
				browser,
				baseURL,
				label,
				teams[team]!.id,
				viewport
			);
		}
		const { session } = await openChallengeSession(facilitator.context.request, {
			...defaultChallenge(),
			...(setup.invited ? { audience: 'invited', invitedTeamIds: teams.map((t) => t.id) } : {}),
			...setup.challenge
		});
		if (setup.joined) {
			for (const person of Object.values<BrowserPerson>(participants))
				await joinSession(person.context.request, session.joinCode);
		}
		return { teams, facilitator, participants, session };
	} finally {
		await admin.dispose();
	}
}

/**
 * Declares a serial suite around one live session (`liveSessionCast`) and registers the hooks
 * that set it up and, after the file, close every browser. Call it at the top of the file, before
 * the file's own `beforeAll`: it returns the teams, the facilitator, the session and each
 * participant under their label, as objects that are empty until its hook has run and are filled
 * in place, so the file can destructure them where it declares them.
 */
export function liveSessionSuite<const L extends string>(setup: LiveSessionSetup<L>) {
	base.describe.configure({ mode: 'serial' });
	const labels = Object.keys(setup.participants) as L[];
	const participants = Object.fromEntries(
		labels.map((label) => [label, {} as BrowserPerson])
	) as Record<L, BrowserPerson>;
	const cast = {
		teams: [] as Team[],
		facilitator: {} as BrowserPerson,
		session: {} as LiveSession
	};
	base.beforeAll(async ({ browser }, testInfo) => {
		const made = await liveSessionCast(browser, testInfo.project.use.baseURL!, setup);
		cast.teams.push(...made.teams);
		Object.assign(cast.facilitator, made.facilitator);
		for (const label of labels) Object.assign(participants[label], made.participants[label]);
		Object.assign(cast.session, made.session);
	});
	base.afterAll(async () => {
		// A person the setup never reached has no context yet.
		for (const person of [cast.facilitator, ...labels.map((label) => participants[label])])
			await person.context?.close();
	});
	return { ...participants, ...cast };
}

/** Opens the live room and waits until its board holds what the server has. */
export async function openBoard(page: Page, sessionId: string): Promise<void> {
	await page.goto(`/s/${sessionId}`);
	await expectBoardSynced(page);
}

export async function expectBoardSynced(page: Page): Promise<void> {
	await expect(page.getByTestId('board')).toHaveAttribute('data-synced', 'true', {
		timeout: 20_000
	});
}

/**
 * A new facilitator of a new team (signed up on `request`) with an open challenge inviting that
 * team and a live session of it.
 */
export async function facilitatorWithSession(
	admin: APIRequestContext,
	request: APIRequestContext,
	challenge: Record<string, unknown> = {}
) {
	const team = await createTeam(admin, 'Platform');
	const { user: facilitator } = await apiSignup(request, uniqueUser('facilitator'), team.id);
	await makeFacilitator(admin, facilitator.id);
	const { challengeId, session } = await openChallengeSession(request, {
		title: `Halve onboarding time ${Math.random().toString(36).slice(2, 6)}`,
		question: 'How might we get new engineers to ship in their first week?',
		whyItMatters: 'Every week saved is a week of work for each new hire.',
		audience: 'invited',
		invitedTeamIds: [team.id],
		...challenge
	});
	return { team, facilitator, challengeId, session };
}

export async function endSession(request: APIRequestContext, sessionId: string) {
	const ended = await request.post(`/api/v1/sessions/${sessionId}/end`);
	expect(ended.status(), await ended.text()).toBe(200);
}

/**
 * Opens a page and waits until it has hydrated (the root layout marks `<html>`), so what the test
 * types is not wiped by hydration setting each field's value.
 */
export async function openSettled(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/** Fills and submits the /login form. */
export async function submitLogin(page: Page, user: Pick<TestUser, 'email' | 'password'>) {
	await page.getByLabel('Email').fill(user.email);
	await page.getByLabel('Password').fill(user.password);
	await page.getByRole('button', { name: 'Log in' }).click();
}

export function homeHeading(page: Page) {
	return page.getByRole('heading', { level: 1, name: /^Welcome/ });
}

/** Runs axe for WCAG 2.0 A and AA and fails with a readable list of what it found. */
export async function expectNoViolations(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	const found = results.violations.map((violation) => ({
		rule: violation.id,
		impact: violation.impact,
		help: violation.help,
		nodes: violation.nodes.map((node) => ({
			target: node.target.join(' '),
			summary: node.failureSummary
		}))
	}));
	expect(found, `axe found WCAG 2 A/AA violations on ${page.url()}`).toEqual([]);
}

/**
 * Playwright's `test` with request contexts that are disposed after each test: `admin` signed in
 * as the admin, `api` signed in as nobody yet (sign a facilitator up on it).
 */
export const test = base.extend<{ admin: APIRequestContext; api: APIRequestContext }>({
	admin: async ({ baseURL }, use) => {
		const admin = await adminApi(baseURL);
		await use(admin);
		await admin.dispose();
	},
	api: async ({ playwright, baseURL }, use) => {
		const api = await playwright.request.newContext({ baseURL });
		await use(api);
		await api.dispose();
	}
});
