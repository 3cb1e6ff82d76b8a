// `npm start`: build when the sources are newer than the build, then serve the app from a
// worker this process supervises: a worker that dies is replaced, so one crash does not take
// the site down. The server's own start-up (src/hooks.server.ts) applies migrations, imports
// the bundled articles and creates the first admin on a new database.
import { spawnSync } from 'node:child_process';
import cluster from 'node:cluster';
import { existsSync, readdirSync, statSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = join(root, 'build', 'index.js');
/** Each worker: the built server, with anonymous module pages answered first (worker.js). */
const workerEntry = join(root, 'src', 'cli', 'worker.js');

/** @param {string} path @returns {number} */
function newestChange(path) {
	const info = statSync(path);
	if (!info.isDirectory()) return info.mtimeMs;
	let newest = info.mtimeMs;
	for (const name of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, name)));
	return newest;
}

const inputs = ['src', 'static', 'drizzle', 'svelte.config.js', 'vite.config.ts', 'package.json'];
const needsBuild =
	!existsSync(entry) ||
	Math.max(
		...inputs
			.map((p) => join(root, p))
			.filter(existsSync)
			.map(newestChange)
	) > statSync(entry).mtimeMs;

if (needsBuild) {
	// Vite's ~250 lines of progress (and its advice to run `npm run preview`) would bury the
	// lines that matter: they are kept, and shown in full only when the build fails.
	process.stdout.write('Lectern: building for production (a minute or two)… ');
	const began = Date.now();
	const result = spawnSync(
		process.execPath,
		[join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
		{
			cwd: root,
			encoding: 'utf8',
			maxBuffer: 256 * 1024 * 1024,
			stdio: ['ignore', 'pipe', 'pipe'],
			// Whatever the caller's NODE_ENV (a test runner sets "test"), this is a production build.
			env: { ...process.env, NODE_ENV: 'production' }
		}
	);
	if (result.status !== 0) {
		// Synchronous writes: all of it is out before the process exits, even into a pipe.
		writeSync(1, 'failed.\n' + (result.stdout ?? ''));
		writeSync(2, result.stderr ?? '');
		const how = result.error
			? result.error.message
			: result.signal
				? `signal ${result.signal}`
				: `exit code ${result.status}`;
		console.error(`Lectern: the build failed (${how}); its full output is above.`);
		process.exit(result.status || 1);
	}
	process.stdout.write(`done in ${Math.round((Date.now() - began) / 1000)} s.\n`);
}

process.env.PORT ||= '3000';
// adapter-node assumes https unless ORIGIN says otherwise; without it form posts get 403.
process.env.ORIGIN ||= `http://localhost:${process.env.PORT}`;
process.env.BODY_SIZE_LIMIT ||= '1M';

/**
 * How many server processes answer requests: `WORKERS`, else one per core. They share the
 * database file (WAL; each process queues its own writes and waits on the others' lock) and
 * keep nothing else in common that must agree: sessions, rate limits and versions live in
 * the database, and the in-memory caches are keyed by versions read from it.
 */
function workerCount() {
	const raw = process.env.WORKERS?.trim();
	if (!raw) return availableParallelism();
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 1 || n > 64) {
		console.error(`Lectern: WORKERS must be a whole number from 1 to 64 (it is "${raw}").`);
		process.exit(1);
	}
	return n;
}
const WORKERS = workerCount();
/** A worker that served this long was healthy: its death restarts the back-off. */
const STABLE_MS = 30_000;
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
/** Workers that die before they ever listen, in a row, before the supervisor gives up. */
const MAX_FAILED_STARTS = 5;
/** How long workers get to finish their requests when the supervisor is told to stop. */
const STOP_GRACE_MS = 35_000;

// Workers' output passes through this process (silent), so that start-up can end with one
// block that says where the site is and how to sign in, printed after everything else.
/**
 * Each worker's V8 heap, bounded so a process stays under 200 MB however hard it is driven
 * (issue 14: measured with `npm run bench`): a smaller young generation (semi-spaces of
 * HEAP_SEMI_MB) and an old generation of at most HEAP_OLD_MB, which holds the live data (the
 * page caches are bounded well under it) and makes V8 collect before it grows past it. A flag
 * given in NODE_OPTIONS or on the command line wins.
 */
const HEAP_OLD_MB = 96;
const HEAP_SEMI_MB = 8;
const given = `${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`;
const heapFlags = [
	given.includes('--max-old-space-size') ? null : `--max-old-space-size=${HEAP_OLD_MB}`,
	given.includes('--max-semi-space-size') ? null : `--max-semi-space-size=${HEAP_SEMI_MB}`
].filter((flag) => flag !== null);
cluster.setupPrimary({
	exec: workerEntry,
	silent: true,
	execArgv: [...process.execArgv, ...heapFlags]
});

let stopping = false;
/** Whether the workers after the first have been started (once the first listened). */
let poolStarted = false;
let delay = 0;
let failedStarts = 0;
/** @type {Map<number, { listeningAt: number | null, replaced: boolean }>} */
const workers = new Map();

/** The first admin's one-time credentials, when a worker created that account. */
/** @type {{ email: string, password: string } | null} */
let firstAdmin = null;
let announced = false;
/** Workers that listen and have said so on their output (all they print before is out). */
const ready = new Set();
/** How long to wait for a listening worker's "Listening on" line before announcing anyway. */
const ANNOUNCE_FALLBACK_MS = 2_000;

/** adapter-node's own line; the block below says the same with the public address. */
const LISTENING_LINE = /^Listening on /;

function announce() {
	if (announced) return;
	announced = true;
	const lines = ['', 'Lectern is ready.', `  Open:      ${process.env.ORIGIN}`];
	if (firstAdmin) {
		lines.push(
			`  Admin:     ${firstAdmin.email}`,
			`  Password:  ${firstAdmin.password}`,
			'  This one-time password is shown only now: sign in with it, then choose your own.'
		);
		firstAdmin = null;
	}
	lines.push('  Stop with Ctrl+C.', '');
	process.stdout.write(lines.join('\n'));
}

/** @param {number} id */
function markReady(id) {
	ready.add(id);
	if (ready.size >= WORKERS) announce();
}

/** @param {import('node:cluster').Worker} worker */
function relayOutput(worker) {
	const out = worker.process.stdout;
	const err = worker.process.stderr;
	if (err) err.pipe(process.stderr, { end: false });
	if (!out) return;
	createInterface({ input: out, crlfDelay: Infinity }).on('line', (line) => {
		if (LISTENING_LINE.test(line)) {
			// Ready once the supervisor has also seen it listen (its messages came first).
			const state = workers.get(worker.id);
			if (state?.listeningAt) markReady(worker.id);
			else worker.once('listening', () => markReady(worker.id));
			return;
		}
		process.stdout.write(line + '\n');
	});
}

/** @param {Record<string, string>} [env] what this worker's environment adds */
function startWorker(env = {}) {
	const worker = cluster.fork(env);
	workers.set(worker.id, { listeningAt: null, replaced: false });
	relayOutput(worker);
	worker.on('listening', () => {
		const state = workers.get(worker.id);
		if (state) state.listeningAt = Date.now();
		failedStarts = 0;
		setTimeout(() => markReady(worker.id), ANNOUNCE_FALLBACK_MS).unref();
		// The first worker prepared the database (migrations, bundled articles, the first
		// admin) before it listened: the others start on a database that is ready.
		if (!poolStarted) {
			poolStarted = true;
			for (let i = 1; i < WORKERS; i++) startWorker();
		}
	});
	worker.on('message', (message) => {
		// The worker that prepared the database with the NLP loaded (~45 MB it would keep) exits
		// before it listens (src/lib/server/startup.ts): a fresh one takes its place, and serves.
		if (message?.lectern === 'prepared') {
			const state = workers.get(worker.id);
			if (state && !stopping) {
				state.replaced = true;
				// Once: should the database still want the NLP (another process's import raced this
				// one), the fresh worker serves with it rather than handing over again.
				startWorker({ LECTERN_HANDED_OVER: '1' });
			}
			return;
		}
		// The worker that made the first admin hands over its one-time password to show.
		if (message?.lectern === 'first-admin') {
			firstAdmin = { email: String(message.email), password: String(message.password) };
			// A replacement created it after start-up was announced: say it now.
			if (announced) {
				announced = false;
				announce();
			}
			return;
		}
		// A worker that must retire (an uncaught exception) asks for its replacement first.
		const state = workers.get(worker.id);
		if (message?.lectern !== 'retiring' || !state || state.replaced || stopping) return;
		state.replaced = true;
		console.error(`Lectern: worker ${worker.process.pid} is retiring; starting another`);
		startWorker();
	});
}

cluster.on('exit', (worker, code, signal) => {
	const state = workers.get(worker.id);
	workers.delete(worker.id);
	if (stopping) {
		if (workers.size === 0) process.exit(0);
		return;
	}
	if (!state || state.replaced) return;
	const how = signal ? `signal ${signal}` : `exit code ${code}`;
	if (state.listeningAt === null && ++failedStarts >= MAX_FAILED_STARTS) {
		console.error(
			`Lectern: the server failed to start ${failedStarts} times in a row (${how}); giving up`
		);
		process.exit(1);
	}
	// Back off while workers keep dying young, so a crash loop does not spin.
	const stable = state.listeningAt !== null && Date.now() - state.listeningAt >= STABLE_MS;
	delay = stable ? 0 : Math.min(Math.max(delay * 2, FIRST_DELAY_MS), MAX_DELAY_MS);
	console.error(
		`Lectern: worker ${worker.process.pid} died (${how}); starting another${delay ? ` in ${delay} ms` : ''}`
	);
	setTimeout(() => {
		if (!stopping) startWorker();
	}, delay);
});

function stop() {
	if (stopping) return;
	stopping = true;
	if (workers.size === 0) process.exit(0);
	for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
	setTimeout(() => {
		for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
		process.exit(1);
	}, STOP_GRACE_MS).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

startWorker();
