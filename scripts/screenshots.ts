/**
 * Screenshots of the app shell, auth, admin and live-session pages, light and dark, desktop and phone, for
 * looking at design changes. Needs a running server with a fresh database:
 *
 *   npx vite build
 *   DATA_DIR=$(mktemp -d) PORT=3111 node build/node/index.js &
 *   node --import tsx scripts/screenshots.ts            # PNGs in ./screenshots
 *
 * BASE_URL (default http://localhost:3111), OUT_DIR (default screenshots) and CHROMIUM
 * (default /usr/bin/chromium) override the defaults.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
	chromium,
	request,
	type APIRequestContext,
	type Browser,
	type Page
} from '@playwright/test';

const BASE = process.env.BASE_URL ?? 'http://localhost:3111';
const OUT = path.resolve(process.env.OUT_DIR ?? 'screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const PASSWORD = 'correct horse battery staple';
const ADMIN = { name: 'Ada Lovelace', email: 'ada@example.com' };
const PEOPLE = [
	{ name: 'Grace Hopper', email: 'grace@example.com', team: 'Platform', role: 'facilitator' },
	{ name: 'Linus Pauling', email: 'linus@example.com', team: 'Research', role: 'member' },
	{ name: 'Margaret Hamilton', email: 'margaret@example.com', team: null, role: 'member' }
] as const;
const TEAMS = ['Platform', 'Product design', 'Research'];

const SCHEMES = ['light', 'dark'] as const;
const WIDTHS = [1280, 375] as const;

type StorageState = Awaited<ReturnType<APIRequestContext['storageState']>>;

/** Signs in through the JSON API (signing up first when needed) and returns the cookies. */
async function session(person: { name: string; email: string }, team?: string | null) {
	const api = await request.newContext({ baseURL: BASE });
	const signup = await api.post('/api/v1/auth/signup', {
		data: { name: person.name, email: person.email, password: PASSWORD, team: team ?? null }
	});
	if (!signup.ok()) {
		const login = await api.post('/api/v1/auth/login', {
			data: { email: person.email, password: PASSWORD }
		});
		if (!login.ok()) throw new Error(`Cannot sign in ${person.email}: ${await login.text()}`);
	}
	return api;
}

/** A live session of an open challenge for everyone, and a second one that has ended. */
async function sessions(admin: APIRequestContext) {
	const created = await admin.post('/api/v1/challenges', {
		data: {
			title: 'Halve onboarding time',
			question: 'How might we get new engineers to ship in their first week?',
			whyItMatters: 'Every week saved is a week of work for each new hire.',
			quarter: '2027-Q1',
			status: 'open'
		}
	});
	const { challenge } = (await created.json()) as { challenge: { id: string } };
	const start = async () =>
		(
			(await (await admin.post(`/api/v1/challenges/${challenge.id}/sessions`)).json()) as {
				session: { id: string; joinCode: string };
			}
		).session;
	const live = await start();
	const ended = await start();
	await admin.post(`/api/v1/sessions/${live.id}/notice`, {
		data: { text: 'Write one idea per note, then read your neighbours’ notes' }
	});
	await admin.post(`/api/v1/sessions/${ended.id}/stage`, { data: { to: 'diverge' } });
	await admin.post(`/api/v1/sessions/${ended.id}/end`);
	return { live, ended, challengeId: challenge.id };
}

type Sessions = Awaited<ReturnType<typeof sessions>>;

async function seed(): Promise<{ admin: StorageState; member: StorageState; sessions: Sessions }> {
	const admin = await session(ADMIN);
	for (const name of TEAMS) await admin.post('/api/v1/teams', { data: { name } });
	const { teams } = (await (await admin.get('/api/v1/teams')).json()) as {
		teams: { id: string; name: string }[];
	};
	const teamId = (name: string | null) => teams.find((t) => t.name === name)?.id ?? null;
	const states: StorageState[] = [];
	for (const person of PEOPLE) {
		const api = await session(person, teamId(person.team));
		states.push(await api.storageState());
		await api.dispose();
	}
	const { users } = (await (await admin.get('/api/v1/users')).json()) as {
		users: { id: string; email: string }[];
	};
	for (const person of PEOPLE) {
		const user = users.find((u) => u.email === person.email);
		if (!user) continue;
		await admin.patch(`/api/v1/users/${user.id}`, {
			data: { role: person.role, teamId: teamId(person.team) }
		});
	}
	const adminState = await admin.storageState();
	const made = await sessions(admin);
	await admin.dispose();
	return { admin: adminState, member: states[1]!, sessions: made };
}

async function shoot(page: Page, name: string, tag: string): Promise<void> {
	const file = path.join(OUT, `${name}-${tag}.png`);
	// A full-page capture draws the sticky header where the page is scrolled to.
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.screenshot({ path: file, fullPage: true });
	console.log(file);
}

/** Submits the page's email and password form with what it refuses and shoots the refusal. */
async function shootRefusal(
	page: Page,
	button: string,
	{ email, password }: { email: string; password: string },
	name: string,
	tag: string
): Promise<void> {
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: button }).click();
	await page.getByRole('alert').first().waitFor();
	await shoot(page, name, tag);
}

async function capture(
	browser: Browser,
	states: { admin: StorageState; member: StorageState; sessions: Sessions }
) {
	for (const colorScheme of SCHEMES) {
		for (const width of WIDTHS) {
			const tag = `${colorScheme}-${width}`;
			const viewport = { width, height: width > 600 ? 800 : 740 };
			/** A page in a new context of this scheme and width, signed in as `storageState` says. */
			const open = async (storageState?: StorageState) => {
				const context = await browser.newContext({
					colorScheme,
					viewport,
					baseURL: BASE,
					storageState
				});
				return { context, page: await context.newPage() };
			};

			const { context: anonymous, page } = await open();
			await page.goto('/signup');
			await shoot(page, 'signup', tag);
			const invalid = { email: 'not-an-email', password: 'short' };
			await shootRefusal(page, 'Sign up', invalid, 'signup-error', tag);

			await page.goto(`/join?code=${states.sessions.live.joinCode}`);
			await shoot(page, 'login-destination', tag);

			await page.goto('/login?redirectTo=%2Fadmin&expired=1');
			await shoot(page, 'login-expired', tag);
			const unknown = { email: 'nobody@example.com', password: 'wrong password' };
			await shootRefusal(page, 'Log in', unknown, 'login-error', tag);
			await anonymous.close();

			const { context: admin, page: adminPage } = await open(states.admin);
			await adminPage.goto('/');
			await shoot(adminPage, 'home-admin', tag);
			await adminPage.goto(`/s/${states.sessions.live.id}`);
			await adminPage.getByTestId('join-share').waitFor();
			await shoot(adminPage, 'room-facilitator', tag);
			await adminPage.getByRole('button', { name: 'Show code' }).click();
			await adminPage.getByTestId('show-code').waitFor();
			await adminPage.screenshot({ path: path.join(OUT, `show-code-${tag}.png`) });
			await adminPage.keyboard.press('Escape');
			await adminPage.goto(`/s/${states.sessions.ended.id}`);
			await shoot(adminPage, 'session-ended', tag);
			await adminPage.goto('/join');
			await adminPage.getByLabel('Join code').fill('ZZZZZZ');
			await adminPage.getByRole('button', { name: 'Join', exact: true }).click();
			await adminPage.getByText('That is not a valid join code').waitFor();
			await shoot(adminPage, 'join-invalid', tag);
			await adminPage.goto('/admin');
			await shoot(adminPage, 'admin', tag);
			await adminPage.getByRole('button', { name: /Save changes for Linus/ }).click();
			await adminPage.getByText('Saved changes for Linus').waitFor();
			await shoot(adminPage, 'admin-saved', tag);
			await adminPage.getByLabel('New team name').fill('research');
			await adminPage.getByRole('button', { name: 'Create team' }).click();
			await adminPage.getByText('A team with this name already exists.').waitFor();
			await shoot(adminPage, 'admin-error', tag);
			await adminPage.goto('/challenges');
			await shoot(adminPage, 'challenges', tag);
			await adminPage.goto(`/challenges/${states.sessions.challengeId}`);
			await shoot(adminPage, 'challenge', tag);
			await adminPage.goto(`/challenges/${states.sessions.challengeId}/edit`);
			await shoot(adminPage, 'challenge-edit', tag);
			await adminPage.goto('/challenges/new');
			await adminPage.getByLabel('Dots per person').fill('3');
			await adminPage.getByLabel('Most dots on one idea').fill('5');
			await adminPage.getByRole('button', { name: 'Save as draft' }).click();
			await adminPage.getByRole('alert').first().waitFor();
			await shoot(adminPage, 'challenge-new-error', tag);
			await adminPage.goto('/settings');
			await shoot(adminPage, 'settings', tag);
			await adminPage.getByLabel('Token name').fill(`Screenshots ${tag}`);
			await adminPage.getByRole('button', { name: 'Create token' }).click();
			await adminPage.getByTestId('new-token').waitFor();
			await shoot(adminPage, 'settings-token', tag);
			await adminPage.goto(`/s/${states.sessions.live.id}`);
			await adminPage.getByTestId('join-share').waitFor();
			await adminPage.getByRole('button', { name: /^People/ }).click();
			await adminPage.locator('#panel-people').waitFor();
			await shoot(adminPage, 'room-people', tag);
			await admin.close();

			const { context: member, page: memberPage } = await open(states.member);
			await memberPage.goto('/');
			await shoot(memberPage, 'home-member', tag);
			await memberPage.goto('/admin');
			await shoot(memberPage, 'forbidden', tag);
			await member.close();
		}
	}
}

/** The very first visit, before anyone has an account: it leads to creating the admin. */
async function firstVisit(browser: Browser): Promise<void> {
	for (const width of WIDTHS) {
		const viewport = { width, height: width > 600 ? 800 : 740 };
		const context = await browser.newContext({ viewport, baseURL: BASE });
		const page = await context.newPage();
		await page.goto('/');
		await shoot(page, 'first-visit', `light-${width}`);
		await context.close();
	}
}

async function main(): Promise<void> {
	await mkdir(OUT, { recursive: true });
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run'
		]
	});
	try {
		await firstVisit(browser);
		await capture(browser, await seed());
	} finally {
		await browser.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
