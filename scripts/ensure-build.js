// Builds the app when build/ is missing or older than any source file, so `npm start` and
// `npm test` work straight after `npm install`.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

// The server bundle is written last, so it is the marker of a complete build.
const marker = path.resolve('build/node/index.js');
const inputs = [
	'src',
	'server',
	'static',
	'svelte.config.js',
	'vite.config.ts',
	'package-lock.json',
	'scripts/build-server.js'
];

/** @param {string} target */
function newestMtime(target) {
	if (!existsSync(target)) return 0;
	const stat = statSync(target);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of readdirSync(target))
		newest = Math.max(newest, newestMtime(path.join(target, entry)));
	return newest;
}

const stale =
	!existsSync(marker) ||
	inputs.some((input) => newestMtime(path.resolve(input)) > statSync(marker).mtimeMs);

if (stale) {
	console.log('Building Whitespace (first start or sources changed)…');
	execSync('npm run build', { stdio: 'inherit' });
}
