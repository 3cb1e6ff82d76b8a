// `npm start`: build when the sources are newer than the build, then serve the app from a
// worker this process supervises: a worker that dies is replaced, so one crash does not take
// the site down. The server's own start-up (src/hooks.server.ts) applies migrations, imports
// the bundled articles and creates the first admin on a new database.
import { spawnSync } from 'node:child_process';
import cluster from 'node:cluster';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = join(root, 'build', 'index.js');

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
	console.log('Lectern: building for production…');
	const result = spawnSync(
		process.execPath,
		[join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
		{
			cwd: root,
			stdio: 'inherit',
			// Whatever the caller's NODE_ENV (a test runner sets "test"), this is a production build.
			env: { ...process.env, NODE_ENV: 'production' }
		}
	);
	if (result.status !== 0) process.exit(result.status ?? 1);
}

process.env.PORT ||= '3000';
// adapter-node assumes https unless ORIGIN says otherwise; without it form posts get 403.
process.env.ORIGIN ||= `http://localhost:${process.env.PORT}`;
process.env.BODY_SIZE_LIMIT ||= '1M';
console.log(`Lectern: serving on ${process.env.ORIGIN}`);

// One worker for now; the worker pool (one per core) grows from here.
const WORKERS = 1;
/** A worker that served this long was healthy: its death restarts the back-off. */
const STABLE_MS = 30_000;
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
/** Workers that die before they ever listen, in a row, before the supervisor gives up. */
const MAX_FAILED_STARTS = 5;
/** How long workers get to finish their requests when the supervisor is told to stop. */
const STOP_GRACE_MS = 35_000;

cluster.setupPrimary({ exec: entry });

let stopping = false;
let delay = 0;
let failedStarts = 0;
/** @type {Map<number, { listeningAt: number | null, replaced: boolean }>} */
const workers = new Map();

function startWorker() {
	const worker = cluster.fork();
	workers.set(worker.id, { listeningAt: null, replaced: false });
	worker.on('listening', () => {
		const state = workers.get(worker.id);
		if (state) state.listeningAt = Date.now();
		failedStarts = 0;
	});
	// A worker that must retire (an uncaught exception) asks for its replacement first.
	worker.on('message', (message) => {
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

for (let i = 0; i < WORKERS; i++) startWorker();
