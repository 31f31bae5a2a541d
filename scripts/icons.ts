/**
 * Renders the PNG icons in static/ from the logo mark (static/favicon.svg, the same drawing as
 * src/lib/components/shell/Logo.svelte). Run after changing the logo:
 *
 *   node --import tsx scripts/icons.ts
 */
import { readFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// Rounded mark on transparent, or (maskable, apple) the full-bleed square platforms crop themselves.
const ICONS = [
	{ file: 'favicon.png', size: 32, bleed: false },
	{ file: 'icon-192.png', size: 192, bleed: false },
	{ file: 'icon-512.png', size: 512, bleed: false },
	{ file: 'icon-maskable-512.png', size: 512, bleed: true },
	{ file: 'apple-touch-icon.png', size: 180, bleed: true }
];

async function main(): Promise<void> {
	const svg = await readFile('static/favicon.svg', 'utf8');
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
	try {
		for (const { file, size, bleed } of ICONS) {
			const page = await browser.newPage({ viewport: { width: size, height: size } });
			// Full bleed: square corners, and the mark inside the maskable safe zone (80 %).
			const mark = bleed
				? svg.replace('rx="8"', 'rx="0"').replace('viewBox="0 0 32 32"', 'viewBox="-4 -4 40 40"')
				: svg;
			const background = bleed ? '#4f46e5' : 'transparent';
			await page.setContent(
				`<style>html,body{margin:0;background:${background}}svg{display:block;width:${size}px;height:${size}px}</style>${mark}`
			);
			await page.screenshot({ path: `static/${file}`, omitBackground: !bleed });
			await page.close();
			console.log(`static/${file}`);
		}
	} finally {
		await browser.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
