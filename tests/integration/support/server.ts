// Production servers as child processes, for the specs that prove what only real processes can
// show: a kill -9 mid-write, two processes on one database file.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
	copyFileSync,
	cpSync,
	existsSync,
	mkdirSync,
	readFileSync,
	readdirSync,
	readlinkSync,
	renameSync,
	rmSync,
	symlinkSync,
	utimesSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { REPO_ROOT, tempDatabaseUrl } from './database';

/**
 * The lock every user of this checkout's `build/` takes to build it or copy it (see
 * `prepareBuild`): one per checkout, so two checkouts on one machine never wait for each other.
 */
export const BUILD_LOCK = `/tmp/lectern-e2e-${createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12)}.lock`;
/** How long to wait for that lock: others hold it through whole end-to-end runs. */
const LOCK_WAIT_S = 600;
/** What a spec's beforeAll should allow `prepareBuild` (lock wait plus a build on loaded cores). */
export const PREPARE_TIMEOUT_MS = (LOCK_WAIT_S + 180) * 1000;

/**
 * Runs under the lock: rebuilds `build/` when a source is newer (the rule `npm start` applies,
 * src/cli/start.js), then copies it to a private folder, so a rebuild by anyone else while our
 * servers run cannot pull their lazily loaded chunks from under them. Plain CommonJS for `node -e`.
 */
const BUILD_SCRIPT = String.raw`
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const [root, dest] = process.argv.slice(1);
const entry = path.join(root, 'build', 'index.js');
const newest = (p) => {
	const info = fs.statSync(p);
	if (!info.isDirectory()) return info.mtimeMs;
	let n = info.mtimeMs;
	for (const name of fs.readdirSync(p)) n = Math.max(n, newest(path.join(p, name)));
	return n;
};
const inputs = ['src', 'static', 'drizzle', 'svelte.config.js', 'vite.config.ts', 'package.json']
	.map((p) => path.join(root, p))
	.filter((p) => fs.existsSync(p));
const stale = !fs.existsSync(entry) || Math.max(...inputs.map(newest)) > fs.statSync(entry).mtimeMs;
if (stale) {
	const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	// vitest sets NODE_ENV=test, which would make Vite build for development.
	const r = spawnSync(process.execPath, [vite, 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
	if (r.status !== 0) process.exit(r.status ?? 1);
}
fs.cpSync(path.join(root, 'build'), dest, { recursive: true });
console.log(stale ? 'rebuilt' : 'up to date');
`;

export interface PrivateBuild {
	/** Folder holding this copy's index.js (inside the repo, so node_modules and drizzle/ resolve). */
	dir: string;
	/** Whether `build/` had to be rebuilt first. */
	built: boolean;
	/** How long it took, waiting for the lock included (ms). */
	ms: number;
	remove(): void;
}

/**
 * Whether a process above this one holds the lock file open: someone ran the whole suite as
 * `flock <lock> npm test`, so we are inside that critical section already, and taking the lock
 * again would wait for ourselves. (flock(1) keeps the file open while its command runs.)
 */
function lockHeldByAncestor(): boolean {
	let pid = process.pid;
	try {
		for (let depth = 0; depth < 64; depth++) {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (!(pid > 1)) return false;
			for (const fd of readdirSync(`/proc/${pid}/fd`)) {
				try {
					if (readlinkSync(`/proc/${pid}/fd/${fd}`) === BUILD_LOCK) return true;
				} catch {
					// closed meanwhile
				}
			}
		}
	} catch {
		// no /proc, or a process ended meanwhile: take the lock
	}
	return false;
}

/** A private copy of an up-to-date production build (building it first if sources changed). */
export function prepareBuild(): PrivateBuild {
	const parent = join(REPO_ROOT, 'tests/.tmp/servers');
	mkdirSync(parent, { recursive: true });
	const dir = join(parent, `build-${process.pid}-${randomUUID().slice(0, 8)}`);
	const began = Date.now();
	const script = [process.execPath, '-e', BUILD_SCRIPT, REPO_ROOT, dir];
	const [command, ...args] = lockHeldByAncestor()
		? script
		: ['flock', '-w', String(LOCK_WAIT_S), BUILD_LOCK, ...script];
	const result = spawnSync(command!, args, {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		timeout: PREPARE_TIMEOUT_MS
	});
	if (result.status !== 0) {
		rmSync(dir, { recursive: true, force: true });
		const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.trim().slice(-4000);
		if (result.status === 1 && !output) {
			throw new Error(`${BUILD_LOCK} was held by someone else for over ${LOCK_WAIT_S} s`);
		}
		throw new Error(
			`could not build the app (flock ${BUILD_LOCK}; status ${result.status}, ${result.error ?? ''}):\n${output}`
		);
	}
	return {
		dir,
		built: result.stdout.trim().endsWith('rebuilt'),
		ms: Date.now() - began,
		remove: () => rmSync(dir, { recursive: true, force: true })
	};
}

/** A TCP port nobody listens on now (the kernel's choice for port 0). */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.unref();
		probe.on('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
		});
	});
}

export interface LecternServer {
	url: string;
	port: number;
	pid: number;
	child: ChildProcess;
	stdout(): string;
	stderr(): string;
	/** Resolves with the exit code or signal once the process has ended. */
	exited: Promise<string>;
	/** SIGKILL to the process group, now (a crash). */
	kill(): void;
	/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has ended. */
	stop(graceMs?: number): Promise<void>;
}

/** Every server started and not yet known to have ended: killed on the way out, whatever happens. */
const running = new Set<LecternServer>();
process.on('exit', () => {
	for (const server of running) server.kill();
});

/** Kills every server this process started that is still running. */
export async function stopAllServers(): Promise<void> {
	await Promise.all([...running].map((s) => s.stop(2000)));
}

export interface StartOptions {
	build: PrivateBuild;
	databaseUrl: string;
	env?: Record<string, string>;
	/** How long to wait for /healthz (ms). */
	timeoutMs?: number;
	/** The port to listen on (a restart at the same address); default a free one. */
	port?: number;
}

/** Starts `node <build>/index.js` on a free port and waits until /healthz answers 200. */
export async function startServer(options: StartOptions): Promise<LecternServer> {
	const port = options.port ?? (await freePort());
	const url = `http://127.0.0.1:${port}`;
	return launch([join(options.build.dir, 'index.js')], port, options, {
		ORIGIN: url,
		BODY_SIZE_LIMIT: '1M'
	});
}

/**
 * Spawns `node <args>` as a server on `port` (its own process group, so a kill reaches what it
 * spawns), tracks it among the running ones, and waits until /healthz answers 200. `cleanUp`
 * runs once the process has ended.
 */
async function launch(
	args: string[],
	port: number,
	options: StartOptions,
	env: Record<string, string>,
	cleanUp = () => {}
): Promise<LecternServer> {
	const url = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, args, {
		cwd: REPO_ROOT,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			...process.env,
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			DATABASE_URL: options.databaseUrl,
			...env,
			...options.env
		}
	});
	let out = '';
	let err = '';
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
	const exited = new Promise<string>((resolve) =>
		child.once('exit', (code, signal) => {
			running.delete(server);
			cleanUp();
			resolve(signal ?? String(code));
		})
	);
	let ended = false;
	void exited.then(() => (ended = true));
	const signal = (name: NodeJS.Signals) => {
		if (ended || child.pid === undefined) return;
		try {
			process.kill(-child.pid, name);
		} catch {
			// already gone
		}
	};
	const server: LecternServer = {
		url,
		port,
		pid: child.pid ?? -1,
		child,
		stdout: () => out,
		stderr: () => err,
		exited,
		kill: () => signal('SIGKILL'),
		async stop(graceMs = 3000) {
			signal('SIGTERM');
			const timer = setTimeout(() => signal('SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
		}
	};
	running.add(server);
	const deadline = Date.now() + (options.timeoutMs ?? 30_000);
	while (!(await answersHealthy(url))) {
		if (ended) {
			throw new Error(`the server exited before it was healthy:\n${out}\n${err}`.slice(-4000));
		}
		if (Date.now() > deadline) {
			await server.stop(0);
			throw new Error(`the server was not healthy in time:\n${out}\n${err}`.slice(-4000));
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return server;
}

export interface HttpResult {
	status: number;
	location: string | null;
	setCookie: string[];
	body: string;
}

export interface RequestOptions {
	method?: 'GET' | 'POST';
	/** The session token, sent as the `lectern_session` cookie. */
	token?: string;
	form?: URLSearchParams;
	headers?: Record<string, string>;
}

/**
 * One request as a browser without JavaScript sends it: HTML accepted, same-origin `Origin` on
 * posts, redirects not followed (a form action's 303 is the acknowledgement). The body is read
 * in full, so callers can look into it.
 */
export async function request(
	server: Pick<LecternServer, 'url'>,
	path: string,
	options: RequestOptions = {}
): Promise<HttpResult> {
	const method = options.method ?? (options.form ? 'POST' : 'GET');
	// Uncompressed unless a spec asks: the specs read answers, not encodings (compression.spec's).
	const headers: Record<string, string> = {
		accept: 'text/html',
		'accept-encoding': 'identity',
		...options.headers
	};
	if (options.token) headers.cookie = `lectern_session=${options.token}`;
	if (method === 'POST') {
		headers.origin = server.url;
		headers['content-type'] = 'application/x-www-form-urlencoded';
	}
	const response = await fetch(server.url + path, {
		method,
		headers,
		body: options.form?.toString(),
		redirect: 'manual',
		signal: AbortSignal.timeout(30_000)
	});
	return {
		status: response.status,
		location: response.headers.get('location'),
		setCookie: response.headers.getSetCookie(),
		body: await response.text()
	};
}

/** A client on the servers' database file, with the same busy timeout the app uses. */
export function openClient(databaseUrl: string): Client {
	return createClient({ url: databaseUrl, timeout: 10_000 });
}

export interface TestUser {
	id: string;
	email: string;
	/** The session token (the cookie's value); the database holds only its SHA-256. */
	token: string;
}

const SESSION_MS = 30 * 24 * 60 * 60_000;
/** A sessions row for `token` (the database holds only its SHA-256, hex, as the app does). */
const sessionRow = (token: string, userId: string) => ({
	sql: 'INSERT INTO sessions (id, user_id, expires_at) VALUES (?, ?, ?)',
	args: [createHash('sha256').update(token).digest('hex'), userId, Date.now() + SESSION_MS]
});

/** Signs an existing user in: a new session straight in the database; returns its token. */
export async function mintSession(client: Client, userId: string): Promise<string> {
	const token = randomBytes(20).toString('hex');
	await client.execute(sessionRow(token, userId));
	return token;
}

/** Signed-in learners, minted straight into the database (users + sessions rows). */
export async function mintUsers(
	client: Client,
	count: number,
	label = 'user'
): Promise<TestUser[]> {
	const users = Array.from({ length: count }, (_, i) => {
		const id = randomUUID();
		return {
			id,
			email: `${label}-${i}-${id.slice(0, 8)}@lectern.test`,
			token: randomBytes(20).toString('hex')
		};
	});
	await client.batch(
		users.flatMap((u, i) => [
			{
				sql: 'INSERT INTO users (id, email, display_name, role) VALUES (?, ?, ?, ?)',
				args: [u.id, u.email, `${label} ${i}`, 'learner']
			},
			sessionRow(u.token, u.id)
		]),
		'write'
	);
	return users;
}

const ATTEMPT_PATH = /^\/lessons\/[^/]+\/quiz\/([0-9a-f-]{36})$/;

/** The attempt id a quiz action's 303 points at, or undefined for any other answer. */
export function attemptIdFrom(result: HttpResult): string | undefined {
	return result.status === 303 ? ATTEMPT_PATH.exec(result.location ?? '')?.[1] : undefined;
}

/** Starts a quiz attempt the way the quiz page's form does; returns its id. */
export async function startAttempt(
	server: Pick<LecternServer, 'url'>,
	user: Pick<TestUser, 'token'>,
	article: string,
	scope: string
): Promise<string> {
	const result = await request(server, `/lessons/${article}/quiz?/start`, {
		token: user.token,
		form: new URLSearchParams({ scope })
	});
	const id = attemptIdFrom(result);
	if (!id) {
		throw new Error(
			`starting a quiz answered ${result.status} ${result.location ?? ''}: ${result.body.slice(0, 500)}`
		);
	}
	return id;
}

const decode = (s: string) =>
	s
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&');

/**
 * A complete answer to the quiz form in an attempt page, as a person would fill it in (not
 * necessarily right): the first option of each choice, distinct choices for the selects of one
 * question (a valid matching or ordering), a number in each text field. Option ids are stable
 * hashes, so the same answer fits every attempt of the same quiz scope.
 */
export function answerQuizForm(html: string): { form: URLSearchParams; questions: number } {
	const form = new URLSearchParams();
	const questions = (html.match(/<fieldset\b[^>]*\bclass="question\b/g) ?? []).length;
	const attr = (tag: string, name: string) => {
		const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
		return m ? decode(m[1]!) : undefined;
	};
	const selectsByQuestion = new Map<string, number>();
	let select: { name: string; options: string[] } | undefined;
	const finishSelect = () => {
		if (!select) return;
		const question = select.name.split('.')[0]!;
		const index = selectsByQuestion.get(question) ?? 0;
		selectsByQuestion.set(question, index + 1);
		form.append(select.name, select.options[index % select.options.length]!);
		select = undefined;
	};
	const action = /<form\b[^>]*action="\?\/submit"[^>]*>([\s\S]*?)<\/form>/.exec(html);
	if (!action) throw new Error('no quiz form in this page');
	for (const [tag, kind] of action[1]!.matchAll(/<(input|select|option|\/select)\b[^>]*>/g)) {
		if (kind === 'select') select = { name: attr(tag, 'name')!, options: [] };
		else if (kind === '/select') finishSelect();
		else if (kind === 'option') {
			const value = attr(tag, 'value');
			if (select && value) select.options.push(value);
		} else {
			const name = attr(tag, 'name');
			const type = attr(tag, 'type') ?? 'text';
			if (!name || type === 'hidden' || type === 'submit') continue;
			if (type === 'radio' || type === 'checkbox') {
				if (!form.has(name)) form.append(name, attr(tag, 'value')!);
			} else {
				form.append(name, '1990');
			}
		}
	}
	if (questions === 0) throw new Error('no questions in the quiz form');
	return { form, questions };
}

/** Runs `task` over `items` with at most `limit` at once. */
export async function eachLimit<T>(
	items: readonly T[],
	limit: number,
	task: (item: T, index: number) => Promise<void>
): Promise<void> {
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(limit, items.length) }, async () => {
			while (next < items.length) {
				const i = next++;
				await task(items[i]!, i);
			}
		})
	);
}

/** The ids of the processes whose parent is `pid` (from /proc). */
export function childPids(pid: number): number[] {
	const children: number[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (parent === pid) children.push(Number(name));
		} catch {
			// ended meanwhile
		}
	}
	return children;
}

/**
 * Starts the app the way `npm start` does: the real src/cli/start.js (the supervising parent,
 * its build check, its defaults) and its workers (worker.js) on a free port, serving the private
 * build. start.js serves
 * `<its root>/build`, so it runs from a copy in a scratch root whose `build` is a link to the
 * private copy and whose sources are older than it (no rebuild). Waits until /healthz is 200.
 */
export async function startSupervised(options: StartOptions): Promise<LecternServer> {
	return supervised(options, await freePort(), { ORIGIN: '', BODY_SIZE_LIMIT: '' });
}

/**
 * `npm start` with a pool of `workers` server processes (WORKERS), serving as `startServer`'s
 * server does (ORIGIN its own address): for the suites that must hold with the pool on.
 */
export async function startPool(options: StartOptions, workers: number): Promise<LecternServer> {
	const port = await freePort();
	const server = await supervised(options, port, {
		WORKERS: String(workers),
		ORIGIN: `http://127.0.0.1:${port}`,
		BODY_SIZE_LIMIT: '1M'
	});
	// The supervisor says it is ready once every worker listens.
	const deadline = Date.now() + (options.timeoutMs ?? 60_000);
	while (!server.stdout().includes('Lectern is ready.')) {
		if (Date.now() > deadline || server.child.exitCode !== null) {
			await server.stop();
			throw new Error(
				`the pool of ${workers} did not get ready:\n${server.stdout()}\n${server.stderr()}`
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return server;
}

/** The files `npm start` runs (start.js and its workers' worker.js), into a scratch root's src/cli. */
export const SUPERVISOR_FILES = ['src/cli/start.js', 'src/cli/worker.js'];

/**
 * Copies `npm start`'s own files into `root` (made if need be), dated `when` (seconds) with the
 * folders above them: older than the build, start.js serves it; newer, it builds first.
 */
export function copySupervisor(root: string, when: number) {
	mkdirSync(join(root, 'src/cli'), { recursive: true });
	for (const file of SUPERVISOR_FILES) copyFileSync(join(REPO_ROOT, file), join(root, file));
	for (const path of [...SUPERVISOR_FILES, 'src/cli', 'src'])
		utimesSync(join(root, path), when, when);
}

async function supervised(
	options: StartOptions,
	port: number,
	env: Record<string, string>
): Promise<LecternServer> {
	const root = join(
		REPO_ROOT,
		'tests/.tmp/servers',
		`start-${process.pid}-${randomUUID().slice(0, 8)}`
	);
	copySupervisor(root, 0);
	symlinkSync(options.build.dir, join(root, 'build'), 'dir');
	return launch([join(root, 'src/cli/start.js')], port, options, env, () =>
		rmSync(root, { recursive: true, force: true })
	);
}

/** Whether `/healthz` answers 200 now. */
export async function answersHealthy(url: string): Promise<boolean> {
	try {
		const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
		await response.text();
		return response.status === 200;
	} catch {
		return false;
	}
}

/**
 * A new database as the server leaves it after its first start on an empty file (migrations,
 * the bundled articles imported, the first admin), for specs that need a server, not its first
 * start: that start imports the bundled articles (seconds of NLP) and costs ~3 CPU-s more than
 * any later one. The first caller per build starts the real server once on an empty file and
 * keeps what it made as a template (in the temp dir, named by the build's entry, whose chunk
 * names are content hashes, and the migrations, so a change
 * to the app makes a new one); every caller gets its own copy. Specs about the first start
 * itself (start-output, start-up-import, migrations) start on an empty file.
 */
export async function seededDatabaseUrl(build: PrivateBuild) {
	const hash = createHash('sha256').update(readFileSync(join(build.dir, 'handler.js')));
	// The migrations are read from drizzle/ at start, not bundled.
	const migrations = join(REPO_ROOT, 'drizzle');
	for (const file of readdirSync(migrations, { recursive: true, encoding: 'utf8' }).sort()) {
		if (file.endsWith('.sql')) hash.update(file).update(readFileSync(join(migrations, file)));
	}
	const key = hash.digest('hex').slice(0, 16);
	const template = join(tmpdir(), 'lectern-seeded', key);
	if (!existsSync(join(template, 'lectern.db'))) {
		const scratch = tempDatabaseUrl();
		const server = await startServer({ build, databaseUrl: scratch.url });
		await server.stop();
		mkdirSync(join(tmpdir(), 'lectern-seeded'), { recursive: true });
		try {
			renameSync(scratch.dir, template);
		} catch {
			// another worker made it first: use theirs
			rmSync(scratch.dir, { recursive: true, force: true });
		}
	}
	const copy = tempDatabaseUrl();
	cpSync(template, copy.dir, {
		recursive: true,
		// The shared-memory index belongs to the processes that had the file open.
		filter: (source) => !source.endsWith('-shm')
	});
	return copy;
}

/**
 * What support/module-log.mjs wrote to `log` (one `<pid> <specifier>` a line): for each process,
 * the packages it imported by name (`compromise`, `@libsql/client`, not `drizzle-orm/sql`).
 */
export function packagesByProcess(log: string): Map<number, Set<string>> {
	const byProcess = new Map<number, Set<string>>();
	const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n') : [];
	for (const line of lines) {
		const match = /^(\d+) ((?:@[^/]+\/)?[^/]+)/.exec(line);
		if (!match) continue;
		const pid = Number(match[1]);
		if (!byProcess.has(pid)) byProcess.set(pid, new Set());
		byProcess.get(pid)!.add(match[2]!);
	}
	return byProcess;
}

/** Whether a process with this id is running. */
export function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** A server that logs what it asks the database, with a client on its file and readers. */
export interface CountingServer {
	server: LecternServer;
	client: Client;
	/** Learners with sessions, made straight in the database. */
	readers: TestUser[];
	/** The statements the server ran since the last call (each call empties the log). */
	statements(): string[];
	/** The packages the server has imported by name since it started (`compromise`, …). */
	packages(): Set<string>;
	close(): Promise<void>;
}

/**
 * A real server on a seeded copy of the database whose libSQL driver logs each statement it
 * runs (support/statement-log.mjs, preloaded), for specs that count what a page view costs:
 * the app alone (`node build/index.js`), or with `asStarted` as `npm start` runs it, one worker
 * (src/cli/worker.js, whose early answers come before the app).
 */
export async function startCountingServer(
	readers: number,
	{ asStarted = false } = {}
): Promise<CountingServer> {
	const build = prepareBuild();
	const db = await seededDatabaseUrl(build);
	const log = join(db.dir, 'statements.log');
	const modules = join(db.dir, 'modules.log');
	const preload = (file: string) => `--import ${join(import.meta.dirname, file)}`;
	const options = {
		build,
		databaseUrl: db.url,
		env: {
			NODE_OPTIONS: `${preload('statement-log.mjs')} ${preload('module-log.mjs')}`,
			LECTERN_STATEMENT_LOG: log,
			LECTERN_MODULE_LOG: modules
		}
	};
	const server = asStarted ? await startPool(options, 1) : await startServer(options);
	const client = openClient(db.url);
	return {
		server,
		client,
		readers: await mintUsers(client, readers, 'reader'),
		statements() {
			const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
			writeFileSync(log, '');
			return lines;
		},
		packages() {
			return new Set([...packagesByProcess(modules).values()].flatMap((names) => [...names]));
		},
		async close() {
			client.close();
			await stopAllServers();
			build.remove();
			rmSync(db.dir, { recursive: true, force: true });
		}
	};
}
