// Compiles server/ (and the src/lib/server modules it imports) into one ES module next to the
// SvelteKit build, so a node starts without compiling TypeScript (tsx held ~40 MB and every
// transformed file). Packages stay external; the migrations travel with the bundle, which finds
// them beside itself as it does in the source tree.
import { build } from 'esbuild';
import { cpSync } from 'node:fs';

await build({
	entryPoints: ['server/index.ts'],
	outfile: 'build/node/index.js',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	sourcemap: true,
	logLevel: 'warning'
});
cpSync('src/lib/server/db/migrations', 'build/node/migrations', { recursive: true });
