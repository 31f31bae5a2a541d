// `npm run bench:drag`: is the board smooth with 1,000 notes? One participant's Chromium opens a
// board of NOTES notes (default 1,000), then (1) drags a note across the canvas with 60 pointer
// moves a second, (2) pans the canvas the same way, (3) watches while another participant's
// y-websocket client moves notes 30 times a second. For each it prints the frame intervals
// (p50/p95/max), long tasks (count, total, longest) and the page's JS heap; then how long the
// page took until every note was on screen. Figures go to docs/performance.md.
//
//   NOTES=1000 CHROMIUM_PATH=/usr/bin/chromium npm run bench:drag
//   BENCH_DATABASE_URL=… BENCH_REDIS_URL=… runs on Postgres + Redis instead of the embedded store
import { chromium, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { serveNodes } from '../../tests/helpers/server.ts';
import { setUpWorkshop } from '../../tests/helpers/workshop.ts';
import { openBoard, writableBoard } from '../../tests/helpers/board.ts';
import { until } from '../../tests/helpers/realtime.ts';
import { embedded, type Backend } from '../../tests/helpers/backends.ts';
import { collect, pageAs, RECORDER, report } from './browser.ts';

const NOTES = Number(process.env.NOTES ?? 1_000);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Pointer moves per scenario, one per 1/60 s. */
const MOVES = 180;
const COLUMNS = 40;

function servicesOrEmbedded(): Backend {
	const databaseUrl = process.env.BENCH_DATABASE_URL;
	const redisUrl = process.env.BENCH_REDIS_URL;
	if (!databaseUrl || !redisUrl) return embedded;
	return {
		name: 'postgres+redis',
		prepare: async () => ({
			env: { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl },
			cleanup: async () => {}
		})
	};
}

/** A grid of notes, as many authors' canvases would have written them. */
function fill(doc: Y.Doc, count: number): void {
	doc.transact(() => {
		for (let i = 0; i < count; i++) {
			const note = new Y.Map<unknown>();
			note.set('text', new Y.Text(`Idea ${i}: a sentence about onboarding in a day`));
			note.set('x', (i % COLUMNS) * 190);
			note.set('y', Math.floor(i / COLUMNS) * 150);
			note.set('color', ['yellow', 'blue', 'green', 'pink'][i % 4]);
			note.set('clusterId', null);
			note.set('createdAt', Date.now() + i);
			doc.getMap('notes').set(`n${i}`, note);
		}
	});
}

/**
 * Moves the pointer from `from` by (dx, dy) in MOVES steps, button held, as fast as input can be
 * delivered up to 60 Hz; returns the moves per second achieved.
 */
async function sweep(page: Page, from: { x: number; y: number }, dx: number, dy: number) {
	await page.mouse.move(from.x, from.y);
	await page.mouse.down();
	const started = performance.now();
	for (let i = 1; i <= MOVES; i++) {
		const due = started + (i * 1000) / 60;
		await page.mouse.move(from.x + (dx * i) / MOVES, from.y + (dy * i) / MOVES);
		const wait = due - performance.now();
		if (wait > 0) await page.waitForTimeout(wait);
	}
	const rate = MOVES / ((performance.now() - started) / 1000);
	await page.mouse.up();
	return rate;
}

async function main(): Promise<void> {
	const backend = servicesOrEmbedded();
	const { nodes, stop } = await serveNodes(backend, 1);
	const url = nodes[0]!.url;
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
	try {
		const w = await setUpWorkshop(url);
		const { sessionId, boardId } = await writableBoard(w);
		const writer = await openBoard(url, boardId, w.facilitator);
		fill(writer.doc, NOTES);
		const check = await openBoard(url, boardId, w.facilitator);
		await until(() => check.doc.getMap('notes').size === NOTES, 60_000, 'notes stored');
		check.provider.destroy();

		const me = await w.person('Dana Dragger', 1);
		const page = await pageAs(browser, url, me);
		const opened = Date.now();
		await page.goto(`${url}/s/${sessionId}`);
		await page
			.locator('[data-testid="note"]')
			.nth(NOTES - 1)
			.waitFor({ state: 'attached' });
		const loadMs = Date.now() - opened;
		console.log(
			`${backend.name}, ${NOTES} notes, Chromium ${browser.version()}, viewport 1440×900`
		);

		await page.evaluate(RECORDER);
		await page.waitForTimeout(1_000);
		report('idle', await collect(page));

		const note = page.locator('[data-note-id="n0"]');
		const box = (await note.boundingBox())!;
		const dragRate = await sweep(page, { x: box.x + 60, y: box.y + 60 }, 600, 400);
		report(`drag a note (${dragRate.toFixed(0)} moves/s)`, await collect(page));
		const dropped = (await note.boundingBox())!;
		if (Math.abs(dropped.x - box.x - 600) > 20) throw new Error('the note did not follow the drag');

		const layer = page.locator('[data-note-id="n0"]');
		const before = (await layer.boundingBox())!;
		const panRate = await sweep(page, { x: 1300, y: 850 }, -500, -300);
		report(`pan the canvas (${panRate.toFixed(0)} moves/s)`, await collect(page));
		const after = (await layer.boundingBox())!;
		if (Math.abs(after.x - before.x + 500) > 20) throw new Error('the canvas did not pan');

		const notes = writer.doc.getMap<Y.Map<unknown>>('notes');
		let n = 0;
		const remote = setInterval(() => {
			n++;
			writer.doc.transact(() => {
				const moved = notes.get(`n${(n * 7) % NOTES}`)!;
				moved.set('x', ((n * 37) % COLUMNS) * 190);
				moved.set('y', ((n * 13) % 25) * 150);
			});
		}, 1000 / 30);
		await page.waitForTimeout(3_000);
		clearInterval(remote);
		report('remote moves (30/s, 3 s)', await collect(page));
		console.log(`page load until all ${NOTES} notes are on screen: ${loadMs} ms`);
		writer.provider.destroy();
	} finally {
		await browser.close();
		await stop();
	}
}

await main();
