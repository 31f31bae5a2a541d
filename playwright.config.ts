import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// The e2e suite runs the real production server (`server/index.ts` over the adapter-node build)
// on its own port with a throwaway PGlite data directory, so every run starts from an empty
// database. The directory is created once, in the runner process; worker processes inherit the
// variable and reuse the same path instead of making their own.
const PORT = Number(process.env.E2E_PORT ?? 4317);
const baseURL = `http://localhost:${PORT}`;

function e2eDataDir(): string {
	const existing = process.env.WS_E2E_DATA_DIR;
	if (existing) return existing;
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-e2e-'));
	process.env.WS_E2E_DATA_DIR = dir;
	process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
	return dir;
}
const dataDir = e2eDataDir();

const launchOptions = {
	executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-dev-shm-usage',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run'
	]
};

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	globalSetup: './tests/e2e/global-setup.ts',
	fullyParallel: false,
	forbidOnly: !!process.env.CI,
	retries: process.env.CI ? 1 : 0,
	// Two cores: the server, its argon2 hashing and the browsers share them.
	workers: 2,
	reporter: 'list',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	use: {
		baseURL,
		headless: true,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure'
	},
	projects: [
		{
			name: 'chromium',
			use: {
				...devices['Desktop Chrome'],
				// Debian's Chromium (`npx playwright install` cannot download browsers here).
				launchOptions
			}
		}
	],
	webServer: {
		command: 'node --max-semi-space-size=1 build/node/index.js',
		url: `${baseURL}/healthz`,
		reuseExistingServer: false,
		timeout: 120_000,
		// pino JSON lines at warn and above only.
		stdout: 'pipe',
		stderr: 'pipe',
		env: {
			PORT: String(PORT),
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			LOG_LEVEL: 'warn',
			// Empty values count as unset: always the embedded PGlite and in-process stand-ins,
			// never a shared Postgres or Redis that another suite may be using.
			DATABASE_URL: '',
			REDIS_URL: '',
			// The app's own origin, as a deployment would set it (and not one inherited from CI).
			ORIGIN: baseURL
		}
	}
});
