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
		maxWorkers: 2,
		// As the browser tests do (playwright.config.ts): on CI's shared machine a test that fails once
		// runs once more, and the reporter marks it flaky; locally every failure shows at once.
		retry: process.env.CI ? 1 : 0
	}
});
