// `npm run bench`: builds for production, starts the server as `npm start` does (the cluster
// supervisor, src/cli/start.js) on a fresh, generated file database, once with a worker per
// core and once with one worker, and drives load over loopback from this (separate) process:
// GET pages from Debian's `wrk`, which is not the bottleneck (it drives a static nginx far
// faster than any Node client), quiz submissions from autocannon (a body and a session per
// user). nginx serving the same HTML, with as many workers, is measured under both clients,
// which shows each client's ceiling. A last pass runs under `node --cpu-prof` and summarises
// the top self-time frames. Prints every figure beside its target (issue 14) and writes
// tests/bench/results.json.
//
// BENCH_BUILD=0 skips the build (src/cli/start.js still rebuilds a stale one).
// BENCH_SECONDS (default 8) sets each scenario's length (a GET scenario runs 2 s more first,
// not counted: load.js's WARM_UP_SECONDS); BENCH_WORKERS the "all cores" worker
// count (default: the cores); BENCH_WRK_THREADS wrk's threads (default 1); BENCH_CLIENT=
// autocannon runs the GET scenarios under autocannon (as when wrk is missing).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createClient } from '@libsql/client';
import { generate, openQuizAttempts } from './generate.js';
import { WARM_UP_SECONDS, autocannonLoad, findWrk, getLoad } from './load.js';
import { childrenOf, freePort, settle, watchMemory } from './processes.js';
import { formatProfile, summariseProfileFile } from './profile.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = join(root, 'tests', '.tmp', 'bench');
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CORES = availableParallelism();
const ALL = Number(process.env.BENCH_WORKERS ?? CORES);
const WRK_THREADS = Number(process.env.BENCH_WRK_THREADS ?? 1);
/** Submissions per second no 2-core server reaches: each quiz run gets this many attempts. */
const QUIZ_RATE_CEILING = 4000;
const QUIZ_USERS = 100;
const CLASS_SIZE = 30;

const results = {
	startedAt: new Date().toISOString(),
	node: process.version,
	cpus: CORES,
	secondsPerScenario: DURATION,
	/** GET scenarios (and nginx under wrk) run this long first, not counted: steady state. */
	warmUpSeconds: WARM_UP_SECONDS,
	/** @type {Record<string, any>} */
	clients: {},
	/** @type {Record<string, any>} */
	scenarios: {},
	/** @type {Record<string, any>} */
	assets: {},
	/** @type {Record<string, any>} */
	memory: {},
	/** @type {Record<string, any>} */
	nginx: {},
	/** @type {Record<string, any>} */
	profiles: {},
	/** @type {any[]} */
	table: [],
	/** @type {number | null} */
	gradebookStatus: null,
	/** @type {number | null} */
	gradebookSingleRequestMs: null,
	/** @type {{ page: string, benchmarkIndex: number, scores: Record<string, number>, metrics: Record<string, number> }[] | undefined} */
	lighthouse: undefined
};

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const plural = (/** @type {number} */ n, /** @type {string} */ word) =>
	`${n} ${word}${n === 1 ? '' : 's'}`;

/** @param {string} message */
function step(message) {
	console.log(`\u2022 ${String(Math.round(performance.now() / 1000)).padStart(3)} s  ${message}`);
}

// 1. Build -------------------------------------------------------------------------------
if (process.env.BENCH_BUILD === '0') step('using the existing build (BENCH_BUILD=0)');
else step('building for production');
const build =
	process.env.BENCH_BUILD === '0'
		? { status: 0 }
		: spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
				cwd: root,
				stdio: ['ignore', 'ignore', 'inherit'],
				env: { ...process.env, NODE_ENV: 'production' }
			});
if (build.status !== 0) process.exit(build.status ?? 1);

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const dbUrl = `file:${join(work, 'lectern.db')}`;

const wrk = findWrk(step);
const getClient = wrk ? 'wrk' : 'autocannon';
results.clients = {
	get: wrk
		? `wrk (${wrk}, ${plural(WRK_THREADS, 'thread')})`
		: 'autocannon (wrk is not installed: GET figures are autocannon’s, not wrk’s)',
	post: 'autocannon'
};
if (!wrk)
	console.log(
		'  wrk is not available: GET scenarios fall back to autocannon, labelled as such; autocannon tops out well below nginx, so the nginx ratio measures the client'
	);

// 2. The server, as `npm start` runs it ------------------------------------------------
/** @type {Set<import('node:child_process').ChildProcess>} */
const live = new Set();
process.on('exit', () => {
	for (const child of live) child.kill('SIGTERM');
});

/**
 * Starts src/cli/start.js with WORKERS=`workers` on the bench database and waits until the
 * supervisor says it is ready (every worker listening).
 * @param {number} workers
 * @param {{ nodeArgs?: string[] }} [options] Node options for the supervisor, which its workers
 *   inherit (cluster forks with the primary's execArgv); --cpu-prof is refused in NODE_OPTIONS
 */
async function startServer(workers, { nodeArgs = [] } = {}) {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [...nodeArgs, join(root, 'src', 'cli', 'start.js')], {
		cwd: root,
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			DATABASE_URL: dbUrl,
			BODY_SIZE_LIMIT: '1M',
			WORKERS: String(workers)
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	live.add(child);
	let out = '';
	let errors = '';
	child.stdout?.on('data', (d) => (out += d));
	child.stderr?.on('data', (d) => (errors += d));
	const exited = new Promise((resolve) => child.once('exit', resolve));
	const pid = /** @type {number} */ (child.pid);
	const memory = watchMemory(pid);
	let healthy = false;
	for (let i = 0; !healthy || !out.includes('Lectern is ready.'); i++) {
		if (child.exitCode !== null) throw new Error(`the server exited:\n${out}\n${errors}`);
		if (i > 1200) throw new Error(`the server did not start in 2 minutes:\n${out}\n${errors}`);
		if (!healthy)
			healthy = await fetch(`${origin}/healthz`).then(
				(r) => r.ok,
				() => false
			);
		await sleep(100);
	}
	const running = childrenOf(pid).length;
	if (running !== workers)
		console.log(
			`  asked for WORKERS=${workers}; the supervisor runs ${plural(running, 'worker')} (start.js without the WORKERS setting runs one)`
		);
	return {
		origin,
		pid,
		workers,
		running,
		// What ran: start.js before the WORKERS setting runs one worker whatever it is asked.
		label:
			running === workers
				? plural(workers, 'worker')
				: `WORKERS=${workers}, ${plural(running, 'worker')} running`,
		memory,
		errors: () => errors,
		/** SIGTERM, as Ctrl+C would: the supervisor stops its workers, which finish and exit. */
		async stop() {
			child.kill('SIGTERM');
			const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
			await exited;
			clearTimeout(killer);
			memory.stop();
			live.delete(child);
		}
	};
}

/** @typedef {Awaited<ReturnType<typeof startServer>>} Server */

/** Peak RSS per process over every scenario, by configuration. */
/** @type {Record<string, { supervisorMb: number, workerMb: number }>} */
const memoryByRun = {};

/**
 * Runs one scenario against `server` and records it with the peak RSS of each process.
 * @param {Server} server
 * @param {string} name
 * @param {() => Promise<Record<string, any>>} load
 */
async function scenario(server, name, load) {
	// Whatever the last scenario's client left queued is served first, and every scenario
	// starts from an empty write-ahead log (the data and attempt pools written before it
	// would otherwise sit in the log that every read consults).
	const settledMs = await settle(server.pid);
	await checkpoint();
	step(
		`load: ${name} (${server.label})${settledMs > 1000 ? `, after ${settledMs} ms for the server to settle` : ''}`
	);
	server.memory.reset();
	const before = childrenOf(server.pid).join(' ');
	const summary = await load();
	const peaks = server.memory.peaks();
	// A worker that died mid-scenario (the supervisor replaces it) makes the figure suspect.
	const after = childrenOf(server.pid).join(' ');
	if (after !== before)
		console.log(
			`  the workers changed during this scenario (${before} → ${after}): see the server's stderr`
		);
	const entry = {
		scenario: name,
		workers: server.workers,
		workersRunning: server.running,
		...summary,
		peakWorkerMb: peaks.peakWorkerMb,
		peakSupervisorMb: peaks.supervisorMb,
		peakMbByWorker: peaks.workers.map((w) => w.peakMb),
		workersReplaced: after !== before
	};
	results.scenarios[`${name} · ${server.label}`] = entry;
	const run = (memoryByRun[server.label] ??= { supervisorMb: 0, workerMb: 0 });
	run.supervisorMb = Math.max(run.supervisorMb, peaks.supervisorMb);
	run.workerMb = Math.max(run.workerMb, peaks.peakWorkerMb);
	return entry;
}

const cookie = (/** @type {string} */ token) => `lectern_session=${token}`;

// 3. Data, then every scenario with a worker per core -----------------------------------
let server = await startServer(ALL);
step('generating data: 1,000 users, 50 classes, a 200×20 class, threads of 100 and 10,000 posts');
const data = await generate(dbUrl, { quizUsers: QUIZ_USERS, attemptsPerUser: 0 });
const slug = data.articleSlug;
const modulePath = `/lessons/${slug}/key-facts-at-a-glance`;
const signedIn = data.otherLearners.slice(0, 100).map((l) => cookie(l.token));
const reader = cookie(data.otherLearners[data.otherLearners.length - 1].token);

/** Moves the write-ahead log into the database and empties it. */
async function checkpoint() {
	const client = createClient({ url: dbUrl });
	try {
		await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
	} finally {
		client.close();
	}
}

/** A fresh pool of open attempts for one quiz run: more than the run can submit. */
async function quizPool() {
	const perUser = Math.ceil((DURATION * QUIZ_RATE_CEILING) / QUIZ_USERS);
	return openQuizAttempts(dbUrl, data.quizLearners, perUser);
}

// The answers every submission sends (the first choice of each question; options are ids).
const answerBody = await (async () => {
	const [sample] = await openQuizAttempts(dbUrl, data.quizLearners.slice(0, 1), 1);
	const page = await (
		await fetch(`${server.origin}/lessons/${slug}/quiz/${sample.id}`, {
			headers: { cookie: cookie(sample.token) }
		})
	).text();
	return formAnswers(page);
})();

/** Attempts submitted with all their answers stored, among `ids`. */
async function storedAmong(/** @type {string[]} */ ids) {
	const client = createClient({ url: dbUrl });
	let stored = 0;
	for (let i = 0; i < ids.length; i += 500) {
		const part = ids.slice(i, i + 500);
		const row = (
			await client.execute({
				sql: `SELECT count(*) AS n FROM attempts a WHERE a.submitted_at IS NOT NULL AND a.id IN (${part.map(() => '?').join(',')})
					AND (SELECT count(*) FROM attempt_answers x WHERE x.attempt_id = a.id) = ?`,
				args: [...part, data.quizQuestionCount]
			})
		).rows[0];
		stored += Number(row.n);
	}
	client.close();
	return stored;
}

/** The headers of a submission from the page's enhanced form (SvelteKit answers in JSON). */
const submitHeaders = (/** @type {Server} */ s, /** @type {string} */ token) => ({
	cookie: cookie(token),
	origin: s.origin,
	accept: 'application/json',
	'x-sveltekit-action': 'true',
	'content-type': 'application/x-www-form-urlencoded'
});
/** SvelteKit's answer to a taken submission: a redirect to the attempt's results. */
const acknowledged = (/** @type {number} */ status, /** @type {string} */ body) =>
	status === 200 && /"type":"redirect"/.test(body);

/**
 * 100 signed-in users, each request a distinct open attempt (a closed loop: each connection
 * submits again as soon as it is answered). Acknowledged = answered as taken; the database
 * says whether every acknowledged submission is stored with its answers.
 * @param {Server} s
 * @param {{ id: string, token: string }[]} [pool] open attempts (made now when not given)
 */
async function quizSubmissions(s, pool) {
	pool ??= await quizPool();
	let next = 0;
	let exhausted = false;
	/** @type {any} */
	let instance;
	const taken = new Set();
	let refused = 0;
	const summary = await autocannonLoad({
		url: s.origin,
		connections: QUIZ_USERS,
		seconds: DURATION,
		onInstance: (i) => (instance = i),
		requests: [
			{
				setupRequest(/** @type {any} */ request, /** @type {any} */ context) {
					let attempt = pool[next++];
					if (!attempt) {
						exhausted = true;
						instance?.stop();
						attempt = pool[pool.length - 1];
					}
					context.attempt = attempt;
					return {
						...request,
						method: 'POST',
						path: `/lessons/${slug}/quiz/${attempt.id}?/submit`,
						headers: submitHeaders(s, attempt.token),
						body: answerBody
					};
				},
				onResponse(
					/** @type {number} */ status,
					/** @type {string} */ body,
					/** @type {any} */ context
				) {
					if (acknowledged(status, String(body))) taken.add(context.attempt.id);
					else refused++;
				}
			}
		]
	});
	const ids = [...taken];
	const stored = await storedAmong(ids);
	// Transport errors and refusals; not the requests in flight when the run stopped.
	const transport = summary.errors - summary.non2xx;
	return {
		...summary,
		sent: Math.min(next, pool.length),
		acknowledged: ids.length,
		acknowledgedStored: stored,
		refused,
		poolExhausted: exhausted,
		errors: transport + summary.non2xx + refused + (ids.length - stored)
	};
}

/**
 * A class of 30 submitting the same quiz within one second: an open loop, each learner's
 * submission sent at its own time (evenly over the second) on its own connection, whatever
 * the others are waiting for. Latency runs from the scheduled time to the whole answer.
 * @param {Server} s
 */
async function classSubmits(s) {
	const learners = data.otherLearners.slice(0, CLASS_SIZE);
	const attempts = await openQuizAttempts(dbUrl, learners, 1);
	const start = performance.now() + 100;
	/** @type {{ id: string, ms: number, lateMs: number, status: number, ok: boolean, error?: string }[]} */
	const answers = await Promise.all(
		attempts.map(
			(attempt, i) =>
				new Promise((resolve) => {
					const due = start + (i * 1000) / attempts.length;
					setTimeout(
						() => {
							const lateMs = performance.now() - due;
							const url = `${s.origin}/lessons/${slug}/quiz/${attempt.id}?/submit`;
							const req = httpRequest(
								url,
								{
									method: 'POST',
									agent: false,
									headers: {
										...submitHeaders(s, attempt.token),
										'content-length': Buffer.byteLength(answerBody)
									}
								},
								(res) => {
									let body = '';
									res.setEncoding('utf8');
									res.on('data', (d) => (body += d));
									res.on('end', () => {
										const status = res.statusCode ?? 0;
										resolve({
											id: attempt.id,
											ms: performance.now() - due,
											lateMs,
											status,
											ok: acknowledged(status, body)
										});
									});
								}
							);
							req.on('error', (e) =>
								resolve({
									id: attempt.id,
									ms: performance.now() - due,
									lateMs,
									status: 0,
									ok: false,
									error: e.message
								})
							);
							req.end(answerBody);
						},
						Math.max(0, due - performance.now())
					);
				})
		)
	);
	const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
	const round = (/** @type {number} */ x) => Math.round(x * 10) / 10;
	const ids = answers.filter((a) => a.ok).map((a) => a.id);
	const stored = await storedAmong(ids);
	return {
		client: 'node:http (open loop)',
		learners: attempts.length,
		latencyP50Ms: round(ms[Math.floor((ms.length - 1) / 2)]),
		latencySlowestMs: round(ms[ms.length - 1]),
		latenciesMs: ms.map(round),
		latestSendMs: round(Math.max(...answers.map((a) => a.lateMs))),
		acknowledged: ids.length,
		acknowledgedStored: stored,
		errors: answers.length - ids.length + (ids.length - stored),
		statusCodes: answers.reduce(
			(/** @type {Record<string, number>} */ c, a) => ((c[a.status] = (c[a.status] ?? 0) + 1), c),
			{}
		)
	};
}

/** The module page scenarios and quiz submissions: run for every worker count. @param {Server} s */
async function corePages(s) {
	// Warm the caches and the JIT the way the first readers would (each worker its own): a
	// second of each module page, not recorded.
	for (const cookies of [[], [reader], signedIn])
		await getLoad(wrk, {
			url: s.origin + modulePath,
			connections: 10,
			seconds: 1,
			threads: WRK_THREADS,
			cookies
		});
	/** @type {[string, number, string[]][]} name, connections, cookies (one per request in turn) */
	const pages = [
		['anonymous module page', 50, []],
		['signed-in module page', 50, [reader]],
		['signed-in module page, 100 connections', 100, signedIn]
	];
	for (const [name, connections, cookies] of pages) {
		await scenario(s, name, () =>
			getLoad(wrk, {
				url: s.origin + modulePath,
				connections,
				seconds: DURATION,
				threads: WRK_THREADS,
				cookies
			})
		);
	}
	await scenario(s, 'quiz submissions (100 users)', () => quizSubmissions(s));
	await scenario(s, 'a class of 30 submitting within one second', () => classSubmits(s));
}

/** @type {{ label: string, running: number, all: boolean }[]} */
const runs = [{ label: server.label, running: server.running, all: true }];
await corePages(server);
// Each thread read by a signed-in learner (the per-reader page) and by an anonymous reader
// (the shared page, kept in memory per thread version).
for (const t of data.threads) {
	/** @type {[string, string[]][]} */
	const readers = [
		['', [reader]],
		[', anonymous', []]
	];
	for (const [who, cookies] of readers) {
		await scenario(server, `thread page, ${t.size.toLocaleString('en')} posts${who}`, () =>
			getLoad(wrk, {
				url: `${server.origin}/lessons/${slug}/discuss/${t.number}`,
				connections: 50,
				seconds: DURATION,
				threads: WRK_THREADS,
				cookies
			})
		);
	}
}
await scenario(server, 'gradebook 200×20 (API)', () =>
	getLoad(wrk, {
		url: `${server.origin}/api/v1/classes/${data.classId}/gradebook`,
		connections: 10,
		seconds: DURATION,
		threads: WRK_THREADS,
		cookies: [cookie(data.teacherToken)]
	})
);
{
	// One teacher opening the gradebook: the median of five requests made one after another, once
	// the server has served what the load scenario left queued (as every scenario starts).
	await settle(server.pid);
	const times = [];
	for (let i = 0; i < 5; i++) {
		const started = performance.now();
		const response = await fetch(`${server.origin}/api/v1/classes/${data.classId}/gradebook`, {
			headers: { cookie: cookie(data.teacherToken) }
		});
		await response.arrayBuffer();
		times.push(performance.now() - started);
		results.gradebookStatus = response.status;
	}
	times.sort((a, b) => a - b);
	results.gradebookSingleRequestMs = Math.round(times[2]);
}

// The module page's JavaScript and CSS after gzip.
const moduleResponse = await fetch(server.origin + modulePath);
const html = await moduleResponse.text();
{
	const base = server.origin + modulePath;
	// What the page makes the browser load: SvelteKit lists it in the Link header, and the
	// inline start-up script imports the entry points.
	const linked = [
		...(moduleResponse.headers.get('link') ?? '').matchAll(
			/<([^>]+)>;\s*rel="(modulepreload|preload)"/g
		)
	].map((m) => new URL(m[1], base).href);
	const imported = [...html.matchAll(/import\("([^"]+\.js)"\)/g)].map(
		(m) => new URL(m[1], base).href
	);
	const stylesheets = [...html.matchAll(/<link[^>]+href="([^"]+\.css)"/g)].map(
		(m) => new URL(m[1], base).href
	);
	const js = new Set([...linked, ...imported].filter((u) => u.endsWith('.js')));
	const css = new Set([...linked.filter((u) => u.endsWith('.css')), ...stylesheets]);
	const gz = async (/** @type {Set<string>} */ urls) => {
		let total = 0;
		for (const url of urls)
			total += gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer()), { level: 9 }).length;
		return total;
	};
	results.assets = {
		moduleJsGzipBytes: await gz(js),
		moduleCssGzipBytes: await gz(css),
		jsFiles: js.size,
		cssFiles: css.size
	};
}
// Lighthouse 12 (mobile, simulated throttling) on a module page, a quiz attempt and a class
// page as its teacher (tests/bench/lighthouse.js); BENCH_LIGHTHOUSE=0 leaves it out.
if (process.env.BENCH_LIGHTHOUSE !== '0') {
	step('Lighthouse: a module page, a quiz attempt, a class page');
	const { lighthouseBench } = await import('./lighthouse.js');
	const lighthouse = await lighthouseBench({
		origin: server.origin,
		dbUrl,
		out: join(work, 'lighthouse.json')
	});
	results.lighthouse = lighthouse.pages.map((/** @type {Record<string, any>} */ p) => ({
		page: p.name,
		benchmarkIndex: Math.round(p.benchmarkIndex),
		scores: p.scores,
		metrics: p.metrics
	}));
}
const serverErrors = [server.errors()];
await server.stop();

// 4. The same with one worker (unless one worker is all there is) ----------------------
if (ALL !== 1) {
	server = await startServer(1);
	runs.push({ label: server.label, running: server.running, all: false });
	await corePages(server);
	serverErrors.push(server.errors());
	await server.stop();
}
results.memory = memoryByRun;

// 5. A CPU profile of one pass (one worker) -------------------------------------------
/**
 * Runs `load` against a single worker started under `node --cpu-prof` and summarises the
 * worker's profile over the load's window (start-up left out).
 * @param {string} name
 * @param {(s: Server) => Promise<Record<string, any>>} load
 */
async function profiled(name, load) {
	const dir = join(work, 'profiles', name.replace(/[^a-z0-9]+/gi, '-'));
	mkdirSync(dir, { recursive: true });
	const s = await startServer(1, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
	const pids = childrenOf(s.pid);
	await settle(s.pid);
	step(`CPU profile: ${name} (1 worker under --cpu-prof)`);
	const from = nowUs();
	const summary = await load(s);
	const to = nowUs();
	serverErrors.push(s.errors());
	await s.stop();
	const file = readdirSync(dir).find((f) => pids.includes(Number(f.split('.')[3])));
	if (!file) {
		console.log(`  no profile from the worker in ${dir} (it did not exit cleanly)`);
		results.profiles[name] = null;
		return;
	}
	const profile = summariseProfileFile(join(dir, file), { from, to, top: 5 });
	results.profiles[name] = {
		file: join(dir, file).slice(root.length + 1),
		requestsPerSecondUnderProfiler: summary.requestsPerSecond,
		...profile
	};
}
{
	const pool = await quizPool();
	await profiled('quiz submissions (100 users)', (s) => quizSubmissions(s, pool));
}
await profiled('signed-in module page, 100 connections', (s) =>
	getLoad(wrk, {
		url: s.origin + modulePath,
		connections: 100,
		seconds: DURATION,
		threads: WRK_THREADS,
		cookies: signedIn
	})
);

// 6. nginx serving the same HTML, with as many workers, under both clients -------------
// As many nginx workers as Lectern ran.
for (const n of new Set(runs.map((r) => r.running)))
	results.nginx[plural(n, 'worker')] = await nginxBaseline(html, n);

// 7. Report ----------------------------------------------------------------------------
const all = runs[0].label;
const at = (/** @type {string} */ name, /** @type {string} */ label) =>
	results.scenarios[`${name} · ${label}`];
/** @type {[string, string, string, string, boolean | null][]} */
const rows = [];
const row = (
	/** @type {string} */ figure,
	/** @type {string} */ measured,
	/** @type {string} */ target,
	/** @type {boolean | null} */ met,
	ratio = ''
) => rows.push([figure, measured, target, ratio, met]);
const rps = (/** @type {number} */ n) => `${n.toLocaleString('en')} req/s`;
/** A GET scenario's errors (transport, or answers ≥ 400), said beside its figure. */
const failures = (/** @type {{ errors: number }} */ v) =>
	v.errors ? `; ${v.errors.toLocaleString('en')} errors` : '';
for (const { label, running, all: allCores } of runs) {
	const quiz = at('quiz submissions (100 users)', label);
	row(
		`quiz submissions, 100 users, p99 (${label})`,
		`${quiz.latencyP99Ms} ms (p50 ${quiz.latencyP50Ms} ms, ${rps(quiz.requestsPerSecond)})`,
		'< 50 ms',
		quiz.acknowledged > 0 && quiz.latencyP99Ms < 50
	);
	row(`quiz submissions, errors (${label})`, String(quiz.errors), '0', quiz.errors === 0);
	row(
		`quiz submissions, acknowledged stored (${label})`,
		`${quiz.acknowledgedStored} of ${quiz.acknowledged} acknowledged${quiz.poolExhausted ? ' (attempt pool ran out: run stopped early)' : ''}`,
		'all',
		quiz.acknowledged > 0 && quiz.acknowledgedStored === quiz.acknowledged
	);
	const klass = at('a class of 30 submitting within one second', label);
	row(
		`class of 30 within 1 s, slowest (${label})`,
		`${klass.latencySlowestMs} ms (p50 ${klass.latencyP50Ms} ms; ${klass.acknowledgedStored} of ${klass.learners} acknowledged and stored)`,
		'< 100 ms, all stored',
		klass.latencySlowestMs < 100 && klass.acknowledgedStored === klass.learners
	);
	const anon = at('anonymous module page', label);
	for (const name of ['signed-in module page', 'signed-in module page, 100 connections']) {
		const page = at(name, label);
		const share = page.requestsPerSecond / Math.max(anon.requestsPerSecond, 1);
		const enough = allCores ? page.requestsPerSecond >= 2500 : null;
		row(
			`${name === 'signed-in module page' ? 'signed-in module page (50 conn., 1 learner)' : 'signed-in module page (100 conn., 100 learners)'} (${label})`,
			`${rps(page.requestsPerSecond)}, p99 ${page.latencyP99Ms} ms${failures(page)}`,
			allCores ? '≥ 2,500 req/s; ≥ 30% of anonymous' : '≥ 30% of anonymous',
			page.errors === 0 && enough !== false && share >= 0.3,
			`${pct(share)} of anonymous`
		);
	}
	const nginx = results.nginx[plural(running, 'worker')];
	// nginx's figure counts only when every answer was the page.
	const nginxRps = nginx?.[getClient]?.errors === 0 ? nginx[getClient].requestsPerSecond : 0;
	row(
		`anonymous module page vs nginx with ${plural(running, 'worker')} (${label}; ${getClient})`,
		(nginxRps
			? `${rps(anon.requestsPerSecond)} vs nginx ${rps(nginxRps)}`
			: `${rps(anon.requestsPerSecond)}; nginx not measured${nginx ? ' (it answered errors)' : ''}`) +
			failures(anon),
		'≥ 40% of nginx',
		nginxRps ? anon.errors === 0 && anon.requestsPerSecond >= 0.4 * nginxRps : null,
		nginxRps ? pct(anon.requestsPerSecond / nginxRps) : ''
	);
}
const t100 = at('thread page, 100 posts', all);
const t10k = at('thread page, 10,000 posts', all);
for (const t of [
	t100,
	t10k,
	at('thread page, 100 posts, anonymous', all),
	at('thread page, 10,000 posts, anonymous', all)
])
	row(
		`${t.scenario.replace(/posts$/, 'posts, signed in')}, 50 connections (${all})`,
		(t.requests
			? `${rps(t.requestsPerSecond)}, p99 ${t.latencyP99Ms} ms`
			: `no page answered in ${DURATION} s`) + failures(t),
		'≥ 1,500 req/s, p99 < 100 ms',
		t.requests > 0 && t.errors === 0 && t.requestsPerSecond >= 1500 && t.latencyP99Ms < 100
	);
row(
	'thread first page, 10,000 vs 100 posts',
	`${t10k.latencyP50Ms} ms vs ${t100.latencyP50Ms} ms (p50)`,
	'≤ 1.5×',
	t10k.requests > 0 &&
		t100.requests > 0 &&
		t10k.latencyP50Ms <= 1.5 * Math.max(t100.latencyP50Ms, 1),
	`${(t10k.latencyP50Ms / Math.max(t100.latencyP50Ms, 0.01)).toFixed(2)}×`
);
row(
	'gradebook 200×20',
	`${results.gradebookSingleRequestMs} ms (median of 5 sequential), p50 ${at('gradebook 200×20 (API)', all).latencyP50Ms} ms under load`,
	'< 100 ms',
	results.gradebookStatus === 200 && results.gradebookSingleRequestMs < 100
);
for (const page of results.lighthouse ?? []) {
	const scores = Object.entries(page.scores);
	row(
		`Lighthouse (mobile): ${page.page}`,
		scores.map(([c, v]) => `${c} ${Number(v).toFixed(2)}`).join(', ') +
			` (LCP ${page.metrics.lcpMs} ms, TBT ${page.metrics.tbtMs} ms; benchmarkIndex ${page.benchmarkIndex})`,
		'≥ 0.95 in every category',
		scores.every(([, v]) => Number(v) >= 0.95)
	);
}
row(
	'module page JavaScript (gzip)',
	`${(results.assets.moduleJsGzipBytes / 1024).toFixed(1)} kB`,
	'< 50 kB',
	results.assets.moduleJsGzipBytes < 50 * 1024
);
row(
	'module page CSS (gzip)',
	`${(results.assets.moduleCssGzipBytes / 1024).toFixed(1)} kB`,
	'< 15 kB',
	results.assets.moduleCssGzipBytes < 15 * 1024
);
for (const { label } of runs) {
	const m = memoryByRun[label];
	row(
		`peak RSS per process (${label})`,
		`worker ${m.workerMb} MB, supervisor ${m.supervisorMb} MB`,
		'< 200 MB',
		m.workerMb < 200 && m.supervisorMb < 200
	);
}

// The clients' headroom: each drove nginx (as many workers) far faster than any Lectern
// figure measured with it, or the figure may measure the client. A Lectern figure near the
// client's nginx figure (the anonymous page answered before the app comes within 20%) is then
// a floor: the client, on the same two cores, may be what stops it; a ratio to nginx can only
// be understated by it, never overstated.
for (const [label, n] of Object.entries(results.nginx)) {
	if (!n) continue;
	for (const client of ['wrk', 'autocannon']) {
		const ceiling = n[client]?.errors === 0 ? n[client].requestsPerSecond : 0;
		const measured = Object.values(results.scenarios).filter(
			(v) => v.client === client && plural(v.workersRunning, 'worker') === label
		);
		if (!ceiling || !measured.length) continue;
		const fastest = measured.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
		row(
			`load generator headroom: ${client}, ${label}`,
			`nginx ${rps(ceiling)} under ${client}; fastest Lectern figure under it ${rps(fastest.requestsPerSecond)} (${fastest.scenario})`,
			'Lectern < 70% of the client’s nginx figure (else a floor)',
			fastest.requestsPerSecond < 0.7 * ceiling ? true : null,
			pct(fastest.requestsPerSecond / ceiling)
		);
	}
}
for (const [name, p] of Object.entries(results.profiles))
	row(
		`CPU profile, ${name}: top self time (1 worker)`,
		p
			? p.top
					.map(
						(/** @type {any} */ f) =>
							`${f.functionName} ${f.where.replace(/^.*node_modules\//, '')} ${f.pctOfBusy}%`
					)
					.join('; ') + ` (% of busy samples; ${p.idlePct}% idle)`
			: 'no profile written',
		'—',
		null
	);

results.table = rows.map(([figure, measured, target, ratio, met]) => ({
	figure,
	measured,
	target,
	ratio,
	met
}));
writeFileSync(
	join(root, 'tests', 'bench', 'results.json'),
	JSON.stringify(results, null, 2) + '\n'
);

console.log(
	`\nScenario detail (loopback, ${DURATION} s each; GET pages under ${results.clients.get}, submissions under autocannon):`
);
console.table(
	Object.fromEntries(
		Object.entries(results.scenarios).map(([k, v]) => [
			k,
			{
				client: v.client,
				conn: v.connections ?? v.learners,
				'req/s': v.requestsPerSecond ?? '',
				'p50 ms': v.latencyP50Ms,
				'p99 ms': v.latencyP99Ms ?? `max ${v.latencySlowestMs}`,
				errors: v.errors,
				'peak MB/worker': v.peakMbByWorker.join(' '),
				'supervisor MB': v.peakSupervisorMb
			}
		])
	)
);

console.log('\nLoad generators: nginx serving the same HTML, 50 connections, under each client:');
for (const [label, n] of Object.entries(results.nginx)) {
	if (!n) continue;
	const parts = ['wrk', 'autocannon']
		.filter((c) => n[c])
		.map((c) => `${c} ${rps(n[c].requestsPerSecond)}${failures(n[c])}`);
	console.log(`  nginx, ${label}: ${parts.join('; ')}`);
}
for (const [name, p] of Object.entries(results.profiles)) {
	console.log(`\nCPU profile, ${name} (1 worker, load window only):`);
	console.log(p ? formatProfile(p) : '  none written');
}

console.log('\n| figure | measured | target | ratio | met |\n|---|---|---|---|---|');
for (const r of results.table)
	console.log(
		`| ${r.figure} | ${r.measured} | ${r.target} | ${r.ratio} | ${r.met === null ? '—' : r.met ? 'met' : 'MISSED'} |`
	);
console.log('\nWrote tests/bench/results.json');
const stderr = serverErrors.join('').trim();
if (stderr) console.log('\nServer stderr:\n' + stderr.slice(0, 2000));
process.exit(0);

/** @param {number} x */
function pct(x) {
	return `${Math.round(x * 100)}%`;
}

/**
 * Picks an answer for every question on an attempt page (the first choice of each).
 * @param {string} page
 */
function formAnswers(page) {
	const form = new URLSearchParams();
	const seen = new Set();
	for (const m of page.matchAll(/<input[^>]*type="(radio|checkbox)"[^>]*>/g)) {
		const name = /name="([^"]+)"/.exec(m[0])?.[1];
		const value = /value="([^"]+)"/.exec(m[0])?.[1];
		if (name && value && !seen.has(name)) {
			seen.add(name);
			form.append(name, value);
		}
	}
	for (const m of page.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
		const options = [...m[2].matchAll(/<option[^>]*value="([^"]+)"/g)]
			.map((o) => o[1])
			.filter(Boolean);
		if (options.length) form.append(m[1], options[0]);
	}
	for (const m of page.matchAll(/<input[^>]*type="text"[^>]*>/g)) {
		const name = /name="([^"]+)"/.exec(m[0])?.[1];
		if (name) form.append(name, '2008');
	}
	return form.toString();
}

/**
 * nginx (Debian's) serving `page` as a static file with `workers` worker processes, measured
 * under wrk (when there is one) and autocannon at the anonymous page's 50 connections: the
 * same HTML at the speed of a static server, and each client's ceiling.
 * @param {string} page
 * @param {number} workers
 */
async function nginxBaseline(page, workers) {
	let nginx = spawnSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx'], {
		encoding: 'utf8'
	})
		.stdout.trim()
		.split('\n')[0];
	if (
		!nginx &&
		process.getuid?.() === 0 &&
		spawnSync('test', ['-x', '/usr/bin/apt-get']).status === 0
	) {
		step('installing Debian’s nginx for the comparison (not a dependency of Lectern)');
		spawnSync(
			'sh',
			[
				'-c',
				'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null 2>&1)'
			],
			{ stdio: 'inherit' }
		);
		nginx = spawnSync('sh', ['-c', 'ls /usr/sbin/nginx'], { encoding: 'utf8' }).stdout.trim();
	}
	if (!nginx) {
		console.log('  nginx is not available: the comparison is skipped');
		return null;
	}
	// Under the system's temporary directory: nginx's workers (user nobody, when run as root)
	// must be able to read the page.
	const dir = mkdtempSync(join(tmpdir(), 'lectern-bench-nginx-'));
	chmodSync(dir, 0o755);
	mkdirSync(join(dir, 'html'), { recursive: true, mode: 0o755 });
	writeFileSync(join(dir, 'html', 'index.html'), page, { mode: 0o644 });
	const nginxPort = await freePort();
	writeFileSync(
		join(dir, 'nginx.conf'),
		`worker_processes ${workers};\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\ndaemon off;\nevents { worker_connections 1024; }\nhttp {\n  access_log off;\n  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;\n  default_type text/html;\n  server { listen 127.0.0.1:${nginxPort}; root ${dir}/html; location / { try_files /index.html =404; } }\n}\n`
	);
	const child = spawn(nginx, ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
	const url = `http://127.0.0.1:${nginxPort}/`;
	try {
		let served = '';
		for (let i = 0; i < 50 && !served; i++) {
			served = await fetch(url).then(
				(r) => (r.ok ? r.text() : ''),
				() => ''
			);
			if (!served) await sleep(100);
		}
		if (served !== page) {
			console.log('  nginx did not serve the page: the comparison is skipped');
			return null;
		}
		const options = { url, connections: 50, seconds: DURATION, threads: WRK_THREADS };
		let underWrk = null;
		if (wrk) {
			step(`load: nginx serving the same HTML (${plural(workers, 'worker')}), under wrk`);
			underWrk = await getLoad(wrk, options);
		}
		step(`load: nginx serving the same HTML (${plural(workers, 'worker')}), under autocannon`);
		const underAutocannon = await autocannonLoad(options);
		return {
			workers,
			binary: nginx,
			version: spawnSync(nginx, ['-v'], { encoding: 'utf8' }).stderr.trim() || 'nginx',
			wrk: underWrk,
			autocannon: underAutocannon,
			autocannonShareOfWrk: underWrk
				? pct(underAutocannon.requestsPerSecond / underWrk.requestsPerSecond)
				: null
		};
	} finally {
		child.kill('SIGTERM');
		await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
		rmSync(dir, { recursive: true, force: true });
	}
}
