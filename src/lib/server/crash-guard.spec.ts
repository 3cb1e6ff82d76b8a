import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const guard = fileURLToPath(new URL('./crash-guard.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

/** Runs `body` in a fresh Node process with the guards installed; its output and exit. */
function runGuarded(body: string) {
	const script = `import { installCrashGuards } from ${JSON.stringify(guard)};
installCrashGuards();
${body}`;
	const result = spawnSync(tsx, ['--eval', script], { encoding: 'utf8', timeout: 30_000 });
	return { out: result.stdout, err: result.stderr, status: result.status, signal: result.signal };
}

const ID = /\[[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\]/;

describe('installCrashGuards', () => {
	it('logs a rejection nobody handled, with an id, and the process serves on', () => {
		const run = runGuarded(`
Promise.reject(new Error('escaped a request'));
setTimeout(() => { console.log('still serving'); process.exit(0); }, 200);`);
		expect(run.err).toMatch(new RegExp(`${ID.source} unhandled rejection; serving on`));
		expect(run.err).toContain('escaped a request');
		expect(run.out).toContain('still serving');
		expect(run.status).toBe(0);
	});
	it('logs an uncaught exception with an id and retires through the graceful shutdown', () => {
		const run = runGuarded(`
process.on('SIGTERM', () => { console.log('graceful shutdown'); process.exit(); });
setTimeout(() => { throw new Error('thrown outside any request'); }, 10);
setInterval(() => {}, 1000);`);
		expect(run.err).toMatch(new RegExp(`${ID.source} uncaughtException; retiring this process`));
		expect(run.err).toContain('thrown outside any request');
		expect(run.out).toContain('graceful shutdown');
		expect(run.status).toBe(70);
	});
});
