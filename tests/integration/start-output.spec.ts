// What `npm start` prints (src/cli/start.js): the build's ~250 lines stay out of sight when it
// succeeds and come out in full when it fails, and start-up ends with one block — the address,
// the first admin's e-mail and one-time password — whose password signs in.
//
// start.js builds with `<its root>/node_modules/vite/bin/vite.js`; here that root is a scratch
// folder whose Vite is a stand-in printing as many lines as a real build (a real one takes
// minutes and the shared build lock), and whose `build` is a private copy of the real build.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDatabaseUrl } from './support/database';
import { openDatabase } from '../../src/lib/server/db/client';
import { applyMigrations } from '../../src/lib/server/db/migrate';
import {
	PREPARE_TIMEOUT_MS,
	answersHealthy,
	copySupervisor,
	isRunning,
	packagesByProcess,
	freePort,
	prepareBuild,
	type PrivateBuild
} from './support/server';

const FIRST_ADMIN_EMAIL = 'admin@lectern.local';
const VITE_LINES = 250;
/** A stand-in for `vite build`: Vite's volume of output, its advice, then the exit code asked for. */
const STUB_VITE = `
for (let i = 0; i < ${VITE_LINES}; i++) console.log('.svelte-kit/output/server/chunks/stub-' + i + '.js  1.2 kB │ gzip: 0.6 kB');
console.log('✓ built in 41.2s');
console.log('Run npm run preview to preview your production build locally.');
console.error('[vite-plugin-svelte] a warning on stderr');
process.exit(Number(process.env.STUB_VITE_EXIT || 0));
`;

let build: PrivateBuild | undefined;
const scratch: string[] = [];
const children = new Set<ChildProcess>();

beforeAll(() => {
	build = prepareBuild();
}, PREPARE_TIMEOUT_MS);

afterAll(async () => {
	await Promise.all([...children].map((child) => stop(child)));
	build?.remove();
	for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A root for start.js: its copy of start.js, the stand-in Vite, and `build` → the private copy. */
function scratchRoot({ stale }: { stale: boolean }): string {
	const root = join(REPO_ROOT, 'tests/.tmp/servers', `start-output-${randomUUID().slice(0, 8)}`);
	scratch.push(root);
	mkdirSync(join(root, 'node_modules/vite/bin'), { recursive: true });
	writeFileSync(join(root, 'node_modules/vite/bin/vite.js'), STUB_VITE);
	symlinkSync(build!.dir, join(root, 'build'), 'dir');
	// Sources newer than the build make start.js build; older ones let it serve straight away.
	copySupervisor(root, stale ? Date.now() / 1000 + 60 : 0);
	return root;
}

function environment(port: number, databaseUrl: string, extra: Record<string, string> = {}) {
	return {
		...process.env,
		NODE_ENV: 'production',
		HOST: '127.0.0.1',
		PORT: String(port),
		ORIGIN: '',
		BODY_SIZE_LIMIT: '',
		DATABASE_URL: databaseUrl,
		...extra
	};
}

interface Started {
	child: ChildProcess;
	url: string;
	origin: string;
	stdout(): string;
	stderr(): string;
}

/** Runs `node <root>/src/cli/start.js` as `npm start` does and waits for its closing block. */
async function start(
	root: string,
	databaseUrl: string,
	extra: Record<string, string> = {}
): Promise<Started> {
	const port = await freePort();
	const child = spawn(process.execPath, [join(root, 'src/cli/start.js')], {
		cwd: REPO_ROOT,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: environment(port, databaseUrl, extra)
	});
	children.add(child);
	let out = '';
	let err = '';
	let ended = false;
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
	child.once('exit', () => {
		ended = true;
		children.delete(child);
	});
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 60_000;
	// The block is printed once the worker listens; the site answers by then too.
	while (!(/Stop with Ctrl\+C\.\n$/.test(out) && (await answersHealthy(url)))) {
		if (ended || Date.now() > deadline) {
			await stop(child);
			throw new Error(`npm start did not finish starting:\n${out}\n${err}`.slice(-4000));
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		child,
		url,
		origin: `http://localhost:${port}`,
		stdout: () => out,
		stderr: () => err
	};
}

async function stop(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	try {
		process.kill(-child.pid, 'SIGTERM');
	} catch {
		return;
	}
	const timer = setTimeout(() => {
		try {
			process.kill(-child.pid!, 'SIGKILL');
		} catch {
			// gone
		}
	}, 5000);
	await exited;
	clearTimeout(timer);
}

/** The closing block's lines, `Label: value` read into a record. */
function closingBlock(stdout: string): Record<string, string> {
	const lines = stdout.trimEnd().split('\n');
	const top = lines.lastIndexOf('Lectern is ready.');
	expect(top, `no closing block in:\n${stdout}`).toBeGreaterThanOrEqual(0);
	const fields: Record<string, string> = {};
	for (const line of lines.slice(top + 1)) {
		const match = /^ {2}(\w+):\s+(\S+)$/.exec(line);
		if (match) fields[match[1]!] = match[2]!;
	}
	return fields;
}

describe('npm start on a new database', () => {
	it('keeps the build quiet, ends with the address, admin e-mail and one-time password, and that password signs in', async () => {
		const db = tempDatabaseUrl();
		scratch.push(db.dir);
		// Which packages each process loads (support/module-log.mjs), one line each: pid, name.
		const modules = join(db.dir, 'modules.log');
		const server = await start(scratchRoot({ stale: true }), db.url, {
			NODE_OPTIONS: `--import ${join(import.meta.dirname, 'support/module-log.mjs')}`,
			LECTERN_MODULE_LOG: modules
		});
		const stdout = server.stdout();
		const lines = stdout.trimEnd().split('\n');

		// Short: a line for the build, one for the article imported, then the block.
		expect(lines.length, stdout).toBeLessThanOrEqual(12);
		expect(stdout).toMatch(/^Lectern: building for production .*done in \d+ s\.$/m);
		expect(stdout).not.toMatch(/stub-|✓ built|npm run preview|Listening on/);
		expect(server.stderr()).not.toContain('[vite-plugin-svelte]');

		// It ends with the block, nothing after it.
		const block = closingBlock(stdout);
		expect(block).toEqual({
			Open: server.origin,
			Admin: FIRST_ADMIN_EMAIL,
			Password: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/)
		});
		expect(lines.at(-1)).toBe('  Stop with Ctrl+C.');
		expect(stdout.indexOf('Lectern: created article')).toBeLessThan(
			stdout.indexOf('Lectern is ready.')
		);

		// The worker that imported the article loaded the NLP (~45 MB) and handed over to a
		// fresh one: no process that serves holds it.
		const loaded = packagesByProcess(modules);
		const nlp = [...loaded].filter(([, names]) => names.has('compromise')).map(([pid]) => pid);
		expect(loaded.size).toBeGreaterThan(nlp.length);
		expect(nlp.length).toBeGreaterThan(0);
		expect(nlp.filter(isRunning)).toEqual([]);
		expect(await answersHealthy(server.url)).toBe(true);

		// The password printed is the admin's: it signs in (and the account must change it).
		const signIn = (password: string) =>
			fetch(`${server.url}/login`, {
				method: 'POST',
				headers: {
					accept: 'text/html',
					origin: server.origin,
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: new URLSearchParams({ identifier: FIRST_ADMIN_EMAIL, password: password }),
				redirect: 'manual',
				signal: AbortSignal.timeout(30_000)
			});
		const wrong = await signIn(`${block.Password}x`);
		await wrong.text();
		expect(wrong.status).toBe(400);
		const right = await signIn(block.Password!);
		await right.text();
		expect(right.status).toBe(303);
		expect(right.headers.getSetCookie().join('\n')).toMatch(/lectern_session=[^;]+/);
		await stop(server.child);

		// Started again on the same database: the same block, without a password to show.
		const again = await start(scratchRoot({ stale: false }), db.url);
		expect(closingBlock(again.stdout())).toEqual({ Open: again.origin });
		expect(again.stdout()).not.toContain('building for production');
		expect(again.stdout()).not.toContain(block.Password!);
		await stop(again.child);
	}, 180_000);

	it('hands over once, not forever, when the database keeps forgetting that the article was checked', async () => {
		// A database that drops every start-up key it is given: each start has to load the NLP.
		const db = tempDatabaseUrl();
		scratch.push(db.dir);
		const handle = await openDatabase(db.url);
		await applyMigrations(handle.client);
		await handle.client
			.execute(`CREATE TRIGGER forget_source_key AFTER UPDATE OF source_key ON articles
			BEGIN UPDATE articles SET source_key = NULL WHERE id = NEW.id; END`);
		handle.client.close();
		const modules = join(db.dir, 'modules.log');
		const server = await start(scratchRoot({ stale: false }), db.url, {
			WORKERS: '1',
			NODE_OPTIONS: `--import ${join(import.meta.dirname, 'support/module-log.mjs')}`,
			LECTERN_MODULE_LOG: modules
		});
		expect(closingBlock(server.stdout()).Open).toBe(server.origin);
		// The first worker loaded it and handed over; the one in its place loaded it too, and serves.
		const nlp = [...packagesByProcess(modules)]
			.filter(([, names]) => names.has('compromise'))
			.map(([pid]) => pid);
		expect(nlp).toHaveLength(2);
		expect(nlp.filter(isRunning)).toHaveLength(1);
		expect(await answersHealthy(server.url)).toBe(true);
		await stop(server.child);
	}, 120_000);

	it('prints the whole build output, and stops, when the build fails', () => {
		const db = tempDatabaseUrl();
		scratch.push(db.dir);
		const root = scratchRoot({ stale: true });
		const result = spawnSync(process.execPath, [join(root, 'src/cli/start.js')], {
			cwd: REPO_ROOT,
			encoding: 'utf8',
			maxBuffer: 16 * 1024 * 1024,
			timeout: 60_000,
			env: environment(0, db.url, { STUB_VITE_EXIT: '3' })
		});
		expect(result.status).toBe(3);
		for (let i = 0; i < VITE_LINES; i++) expect(result.stdout).toContain(`stub-${i}.js`);
		expect(result.stdout).toContain('npm run preview');
		expect(result.stderr).toContain('[vite-plugin-svelte] a warning on stderr');
		expect(result.stderr).toContain('Lectern: the build failed (exit code 3)');
		expect(result.stdout).not.toContain('Lectern is ready.');
	});

	it('refuses a WORKERS that is not a whole number from 1 to 64, saying so, before it serves', () => {
		const db = tempDatabaseUrl();
		scratch.push(db.dir);
		const root = scratchRoot({ stale: false });
		for (const workers of ['0', 'two', '1.5', '65']) {
			const result = spawnSync(process.execPath, [join(root, 'src/cli/start.js')], {
				cwd: REPO_ROOT,
				encoding: 'utf8',
				timeout: 60_000,
				env: environment(0, db.url, { WORKERS: workers })
			});
			expect(result.status, workers).toBe(1);
			expect(result.stderr).toContain(
				`Lectern: WORKERS must be a whole number from 1 to 64 (it is "${workers}").`
			);
			expect(result.stdout).not.toContain('Lectern is ready.');
		}
	});
});
