import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './support/chromium.js';

const PORT = 4173;

export default defineConfig({
	testDir: './e2e',
	outputDir: '../test-results',
	fullyParallel: true,
	workers: 2,
	retries: 0,
	timeout: 30_000,
	reporter: [['list']],
	use: {
		baseURL: `http://localhost:${PORT}`,
		browserName: 'chromium',
		launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
		trace: 'off'
	},
	webServer: {
		command: 'rm -rf tests/.tmp/e2e && node src/cli/start.js',
		cwd: '..',
		port: PORT,
		timeout: 180_000,
		reuseExistingServer: false,
		stdout: 'pipe',
		env: {
			PORT: String(PORT),
			ORIGIN: `http://localhost:${PORT}`,
			DATABASE_URL: 'file:tests/.tmp/e2e/lectern.db',
			// As behind a proxy: each test claims its own client address, so per-address rate
			// limits apply per test rather than to the whole suite (see tests/e2e/support/fixtures.ts).
			ADDRESS_HEADER: 'x-forwarded-for'
		}
	}
});
