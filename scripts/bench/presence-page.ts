// `npm run bench:presence-page`: does the live room stay smooth while a thousand people join at
// once? The facilitator's Chromium opens /s/<id> with the People panel open; then PEOPLE
// participants (default 1,000, distinct people in TEAMS teams, sockets split over two nodes on
// Postgres + Redis) all send `session:join` within 2 s. Prints the page's frame intervals and
// long tasks during the storm, how long after the last join the panel counted everyone, and the
// cost of opening the largest team's full list. Figures go to docs/performance.md.
//
//   PEOPLE=1000 TEAMS=10 BENCH_DATABASE_URL=postgres://… BENCH_REDIS_URL=redis://… \
//     CHROMIUM_PATH=/usr/bin/chromium npm run bench:presence-page
import { chromium } from '@playwright/test';
import type { Socket } from 'socket.io-client';
import { serveNodes } from '../../tests/helpers/server.ts';
import { command, connect, setUpWorkshop } from '../../tests/helpers/workshop.ts';
import { servicesBackend } from '../../tests/helpers/backends.ts';
import { insertPeople } from '../../tests/helpers/votes.ts';
import { collect, pageAs, RECORDER, report } from './browser.ts';

const PEOPLE = Number(process.env.PEOPLE ?? 1_000);
const TEAMS = Number(process.env.TEAMS ?? 10);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SPREAD_MS = 2_000;

process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL ?? '';
process.env.REDIS_URL = process.env.BENCH_REDIS_URL ?? '';
const backend = servicesBackend();
if (!backend) {
	console.error('bench:presence-page needs BENCH_DATABASE_URL and BENCH_REDIS_URL.');
	process.exit(1);
}

const { nodes, env, stop } = await serveNodes(backend, 2);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
const sockets: Socket[] = [];
try {
	const w = await setUpWorkshop(nodes[0]!.url);
	const teamIds = [...w.teams.map((t) => t.id)];
	for (let i = teamIds.length; i < TEAMS; i++) {
		const res = await w.admin.client.post('/api/v1/teams', { name: `Team ${i + 1}` });
		teamIds.push(((await res.json()) as { team: { id: string } }).team.id);
	}
	const session = await w.startSession((await w.createChallenge()).id);
	const people = await insertPeople(env.DATABASE_URL!, nodes[0]!.url, PEOPLE, teamIds);
	for (let i = 0; i < people.length; i += 100)
		sockets.push(
			...(await Promise.all(
				people.slice(i, i + 100).map((p, k) => connect(nodes[(i + k) % 2]!.url, p))
			))
		);

	const page = await pageAs(browser, nodes[1]!.url, w.facilitator);
	await page.goto(`${nodes[1]!.url}/s/${session.id}`);
	await page.getByTestId('people-toggle').click();
	const total = page.getByTestId('presence-total');
	await total.filter({ hasText: '1 person' }).waitFor();
	console.log(
		`${PEOPLE} people in ${TEAMS} teams joining within ${SPREAD_MS} ms, two nodes, ` +
			`Chromium ${browser.version()}, viewport 1440×900, the facilitator's People panel open`
	);
	await page.evaluate(RECORDER);
	await page.waitForTimeout(1_000);
	report('idle, before the storm', await collect(page));

	let lastJoin = 0;
	const joins = sockets.map(async (socket, i) => {
		await new Promise((resolve) => setTimeout(resolve, (SPREAD_MS * i) / sockets.length));
		lastJoin = performance.now();
		const ack = await command(socket, 'session:join', { sessionId: session.id });
		if (!ack.ok) throw new Error(`join refused: ${ack.error.message}`);
	});
	const everyone = `${PEOPLE + 1} people`;
	const counted = total.filter({ hasText: everyone }).waitFor({ timeout: 60_000 });
	await Promise.all(joins);
	const ackedMs = performance.now() - lastJoin;
	await counted;
	const completeMs = performance.now() - lastJoin;
	report('the join storm, until all counted', await collect(page));
	console.log(
		`every join acknowledged ${ackedMs.toFixed(0)} ms after the last was sent; ` +
			`the panel counted ${everyone} ${completeMs.toFixed(0)} ms after it`
	);

	const opened = performance.now();
	const more = page.getByRole('button', { name: /^Show all/ }).first();
	const label = await more.textContent();
	await more.click();
	await page.getByRole('button', { name: 'Show fewer' }).waitFor();
	const openMs = performance.now() - opened;
	report(`open "${label?.trim()}"`, await collect(page));
	console.log(
		`rows on the page after opening one team: ${await page.getByTestId('person').count()}`
	);
	console.log(`"${label?.trim()}" took ${openMs.toFixed(0)} ms from click to rendered`);
} finally {
	for (const socket of sockets) socket.close();
	await browser.close();
	await stop();
}
