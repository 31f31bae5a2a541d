import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build' }),
		// The hooks check the Origin of every cookie-carrying state change, whatever its content
		// type, and answer JSON routes in JSON; the built-in check covers forms only (decisions.md).
		csrf: { trustedOrigins: ['*'] }
	}
};

export default config;
