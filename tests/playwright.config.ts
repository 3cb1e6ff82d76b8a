import { spawnSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './support/chromium.js';

/**
 * A port nobody holds, chosen once by the runner and inherited by its workers through the
 * environment (they load this file again): a fixed one may be taken by another server here.
 */
function freePort(): string {
	const probe = spawnSync(process.execPath, [
		'-e',
		"const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
	]);
	const port = String(probe.stdout).trim();
	if (!/^\d+$/.test(port)) throw new Error(`no free port: ${String(probe.stderr)}`);
	return port;
}
process.env.LECTERN_E2E_PORT ||= freePort();
const PORT = Number(process.env.LECTERN_E2E_PORT);

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
			ADDRESS_HEADER: 'x-forwarded-for',
			// The journeys sign teachers up through the form; approval (the default) is proved
			// in tests/integration/sign-in-and-up.spec.ts.
			TEACHER_SIGNUP: 'open'
		}
	}
});
