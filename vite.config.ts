import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { whitespaceDevServer } from './server/vite-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), whitespaceDevServer()],
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		setupFiles: ['tests/setup.ts'],
		testTimeout: 30_000,
		hookTimeout: 120_000,
		// Integration suites each start real servers; two at a time suits a 2-core machine.
		maxWorkers: 2
	}
});
