// What the browser benches share: a signed-in Chromium page, and the frame intervals and long
// tasks recorded inside it.
import type { Browser, Page } from '@playwright/test';
import type { Person } from '../../tests/helpers/workshop.ts';
import { percentile } from './stats.ts';

/** A desktop-sized page signed in as `person`. */
export async function pageAs(browser: Browser, url: string, person: Person): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	await context.addCookies(
		person.client.cookieHeader.split('; ').map((pair) => {
			const [name, ...value] = pair.split('=');
			return { name: name!, value: value.join('='), url };
		})
	);
	return context.newPage();
}

export interface Frames {
	intervals: number[];
	longTasks: number[];
	heapMb: number;
}

/**
 * Records frame intervals and long tasks in the page. A string, not a function: tsx wraps named
 * functions in a `__name` helper that does not exist in the page.
 */
export const RECORDER = `
	window.__bench = { intervals: [], longTasks: [] };
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) window.__bench.longTasks.push(entry.duration);
	}).observe({ type: 'longtask' });
	let last = performance.now();
	const tick = (now) => {
		window.__bench.intervals.push(now - last);
		last = now;
		requestAnimationFrame(tick);
	};
	requestAnimationFrame(tick);
`;

const COLLECT = `(() => {
	const { intervals, longTasks } = window.__bench;
	window.__bench = { intervals: [], longTasks: [] };
	return {
		intervals: intervals.slice(1),
		longTasks,
		heapMb: (performance.memory?.usedJSHeapSize ?? 0) / 1e6
	};
})()`;

export const collect = (page: Page): Promise<Frames> => page.evaluate(COLLECT) as Promise<Frames>;

export function report(label: string, { intervals, longTasks, heapMb }: Frames): void {
	const sorted = [...intervals].sort((a, b) => a - b);
	const total = longTasks.reduce((a, b) => a + b, 0);
	console.log(
		`${label.padEnd(34)} frames ${String(sorted.length).padStart(4)}  interval p50/p95/max ` +
			`${percentile(sorted, 50).toFixed(1)}/${percentile(sorted, 95).toFixed(1)}/` +
			`${(sorted.at(-1) ?? 0).toFixed(1)} ms  long tasks ${longTasks.length} ` +
			`(${total.toFixed(0)} ms, longest ${Math.max(0, ...longTasks).toFixed(0)} ms)  ` +
			`heap ${heapMb.toFixed(0)} MB`
	);
}
