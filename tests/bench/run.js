// `npm run bench`: builds for production, starts the server on a fresh, generated file
// database, drives load over loopback with autocannon from this (separate) process, and
// compares the anonymous module page with nginx serving the same HTML. Prints a table of
// every figure beside its PRODUCT.md target and writes tests/bench/results.json.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { createClient } from '@libsql/client';
import { generate } from './generate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = join(root, 'tests', '.tmp', 'bench');
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const results = {
	startedAt: new Date().toISOString(),
	node: process.version,
	cpus: (await import('node:os')).cpus().length,
	scenarios: {},
	assets: {},
	memory: {}
};

const freePort = () =>
	new Promise((resolve) => {
		const s = createServer().listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});

function step(message) {
	console.log(`\u2022 ${message}`);
}

// 1. Build -------------------------------------------------------------------------------
step('building for production');
const build = spawnSync(
	process.execPath,
	[join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
	{
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit'],
		env: { ...process.env, NODE_ENV: 'production' }
	}
);
if (build.status !== 0) process.exit(build.status ?? 1);

// 2. Server on a fresh database --------------------------------------------------------
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const dbUrl = `file:${join(work, 'lectern.db')}`;
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [join(root, 'build', 'index.js')], {
	cwd: root,
	env: {
		...process.env,
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: origin,
		DATABASE_URL: dbUrl,
		BODY_SIZE_LIMIT: '1M'
	},
	stdio: ['ignore', 'pipe', 'pipe']
});
let serverErrors = '';
server.stderr.on('data', (d) => (serverErrors += d));
server.stdout.on('data', () => {});
let peakRss = 0;
const sampleMemory = () => {
	try {
		const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
		const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
		peakRss = Math.max(peakRss, kb * 1024);
	} catch {
		/* the process may be gone */
	}
};
const memoryTimer = setInterval(sampleMemory, 100);
const stopServer = () => {
	clearInterval(memoryTimer);
	server.kill('SIGTERM');
};
process.on('exit', stopServer);

for (let i = 0; ; i++) {
	try {
		if ((await fetch(`${origin}/healthz`)).ok) break;
	} catch {
		/* not up yet */
	}
	if (i > 200) throw new Error(`the server did not start:\n${serverErrors}`);
	await new Promise((r) => setTimeout(r, 100));
}

step('generating data: 1,000 users, 50 classes, a 200×20 class, threads of 100 and 10,000 posts');
const data = await generate(dbUrl);
const slug = data.articleSlug;
const modulePath = `/lessons/${slug}/key-facts-at-a-glance`;
const cookie = (token) => `lectern_session=${token}`;

// 3. Load scenarios ----------------------------------------------------------------------
function run(name, options) {
	return new Promise((resolve, reject) => {
		const instance = autocannon(
			{ url: origin, duration: DURATION, connections: 50, ...options },
			(error, result) => {
				if (error) return reject(error);
				const summary = {
					requestsPerSecond: Math.round(result.requests.average),
					latencyP50Ms: result.latency.p50,
					latencyP99Ms: result.latency.p99,
					requests: result.requests.total,
					errors: result.errors + result.timeouts + result.non2xx,
					non2xx: result.non2xx,
					statusCodes: Object.fromEntries(
						Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])
					),
					peakServerMemoryMb: Math.round(peakRss / 1024 / 1024)
				};
				resolve(summary);
			}
		);
		autocannon.track(instance, {
			renderProgressBar: false,
			renderResultsTable: false,
			renderLatencyTable: false
		});
	});
}

async function scenario(name, options) {
	step(`load: ${name}`);
	peakRss = 0;
	const summary = await run(name, options);
	results.scenarios[name] = summary;
	return summary;
}

// Warm the caches the way the first reader would.
await fetch(origin + modulePath);
await scenario('anonymous module page', { requests: [{ method: 'GET', path: modulePath }] });
await scenario('signed-in module page', {
	requests: [
		{ method: 'GET', path: modulePath, headers: { cookie: cookie(data.learnerTokens[0]) } }
	]
});

// Quiz submissions: 100 concurrent signed-in users, each request a distinct open attempt.
const sample = data.quizAttempts[0];
const attemptHtml = await (
	await fetch(`${origin}/lessons/${slug}/quiz/${sample.id}`, {
		headers: { cookie: cookie(sample.token) }
	})
).text();
const answerBody = formAnswers(attemptHtml);
let next = 0;
const pending = data.quizAttempts;
await scenario('quiz submissions (100 users)', {
	connections: 100,
	requests: [
		{
			setupRequest(request) {
				const attempt = pending[next++ % pending.length];
				return {
					...request,
					method: 'POST',
					path: `/lessons/${slug}/quiz/${attempt.id}?/submit`,
					headers: {
						cookie: cookie(attempt.token),
						origin,
						'content-type': 'application/x-www-form-urlencoded'
					},
					body: answerBody
				};
			}
		}
	]
});
{
	const s = results.scenarios['quiz submissions (100 users)'];
	// Every request went to a distinct open attempt. autocannon's duration mode drops the
	// Accept header, so SvelteKit answers in its JSON form protocol (200 for a redirect or a
	// failure alike): the database says which submissions were taken.
	const transportErrors = s.errors - (s.statusCodes['303'] ?? 0);
	const sent = pending.slice(0, Math.min(next, pending.length)).map((a) => a.id);
	const client = createClient({ url: dbUrl });
	let stored = 0;
	for (let i = 0; i < sent.length; i += 500) {
		const part = sent.slice(i, i + 500);
		const row = (
			await client.execute({
				sql: `SELECT count(*) AS n FROM attempts WHERE submitted_at IS NOT NULL AND id IN (${part.map(() => '?').join(',')})`,
				args: part
			})
		).rows[0];
		stored += Number(row.n);
	}
	client.close();
	s.sent = sent.length;
	s.errors = transportErrors + (sent.length - stored);
	s.acknowledgedDistinct = sent.length;
	s.acknowledgedStored = stored;
}

for (const t of data.threads) {
	await scenario(`thread page, ${t.size.toLocaleString('en')} posts`, {
		requests: [
			{
				method: 'GET',
				path: `/lessons/${slug}/discuss/${t.number}`,
				headers: { cookie: cookie(data.learnerTokens[1]) }
			}
		]
	});
}
await scenario('gradebook 200×20 (API)', {
	connections: 10,
	requests: [
		{
			method: 'GET',
			path: `/api/v1/classes/${data.classId}/gradebook`,
			headers: { cookie: cookie(data.teacherToken) }
		}
	]
});
{
	// One teacher opening the gradebook: the median of five requests made one after another.
	const times = [];
	for (let i = 0; i < 5; i++) {
		const started = performance.now();
		const response = await fetch(`${origin}/api/v1/classes/${data.classId}/gradebook`, {
			headers: { cookie: cookie(data.teacherToken) }
		});
		await response.arrayBuffer();
		times.push(performance.now() - started);
		results.gradebookStatus = response.status;
	}
	times.sort((a, b) => a - b);
	results.gradebookSingleRequestMs = Math.round(times[2]);
}

// 4. The module page's JavaScript and CSS after gzip ------------------------------------
const moduleResponse = await fetch(origin + modulePath);
const html = await moduleResponse.text();
// What the page makes the browser load: SvelteKit lists it in the Link header, and the
// inline start-up script imports the entry points.
const linked = [
	...(moduleResponse.headers.get('link') ?? '').matchAll(
		/<([^>]+)>;\s*rel="(modulepreload|preload)"/g
	)
].map((m) => new URL(m[1], origin + modulePath).href);
const imported = [...html.matchAll(/import\("([^"]+\.js)"\)/g)].map(
	(m) => new URL(m[1], origin + modulePath).href
);
const stylesheets = [...html.matchAll(/<link[^>]+href="([^"]+\.css)"/g)].map(
	(m) => new URL(m[1], origin + modulePath).href
);
const js = new Set([...linked, ...imported].filter((u) => u.endsWith('.js')));
const css = new Set([...linked.filter((u) => u.endsWith('.css')), ...stylesheets]);
const gz = async (urls) => {
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
stopServer();
results.memory.peakServerMb = Math.max(
	...Object.values(results.scenarios).map((s) => s.peakServerMemoryMb)
);

// 5. nginx serving the same HTML ---------------------------------------------------------
results.nginx = await nginxBaseline(html);

// 6. Report ----------------------------------------------------------------------------
const s = results.scenarios;
const anon = s['anonymous module page'];
const t100 = s['thread page, 100 posts'];
const t10k = s['thread page, 10,000 posts'];
const quiz = s['quiz submissions (100 users)'];
const rows = [
	[
		'anonymous module page',
		`${anon.requestsPerSecond} req/s`,
		results.nginx ? `≥ 25% of nginx (${results.nginx.requestsPerSecond} req/s)` : '≥ 25% of nginx',
		results.nginx ? pct(anon.requestsPerSecond / results.nginx.requestsPerSecond) : 'n/a',
		results.nginx ? anon.requestsPerSecond >= 0.25 * results.nginx.requestsPerSecond : null
	],
	[
		'signed-in module page',
		`${s['signed-in module page'].requestsPerSecond} req/s, p99 ${s['signed-in module page'].latencyP99Ms} ms`,
		'—',
		'',
		null
	],
	['quiz submissions, p99', `${quiz.latencyP99Ms} ms`, '< 50 ms', '', quiz.latencyP99Ms < 50],
	['quiz submissions, errors', String(quiz.errors), '0', '', quiz.errors === 0],
	[
		'quiz submissions, acknowledged stored',
		`${quiz.acknowledgedStored} stored of ${quiz.acknowledgedDistinct} answered`,
		'all',
		'',
		quiz.acknowledgedStored >= quiz.acknowledgedDistinct
	],
	[
		'thread first page, 10,000 vs 100 posts',
		`${t10k.latencyP50Ms} ms vs ${t100.latencyP50Ms} ms (p50)`,
		'≤ 1.5×',
		`${(t10k.latencyP50Ms / Math.max(t100.latencyP50Ms, 0.01)).toFixed(2)}×`,
		t10k.latencyP50Ms <= 1.5 * Math.max(t100.latencyP50Ms, 1)
	],
	[
		'gradebook 200×20',
		`${results.gradebookSingleRequestMs} ms (median of 5 sequential), p50 ${s['gradebook 200×20 (API)'].latencyP50Ms} ms under load`,
		'< 100 ms',
		'',
		results.gradebookStatus === 200 && results.gradebookSingleRequestMs < 100
	],
	[
		'module page JavaScript (gzip)',
		`${(results.assets.moduleJsGzipBytes / 1024).toFixed(1)} kB`,
		'< 50 kB',
		'',
		results.assets.moduleJsGzipBytes < 50 * 1024
	],
	[
		'module page CSS (gzip)',
		`${(results.assets.moduleCssGzipBytes / 1024).toFixed(1)} kB`,
		'< 15 kB',
		'',
		results.assets.moduleCssGzipBytes < 15 * 1024
	],
	[
		'peak server memory',
		`${results.memory.peakServerMb} MB`,
		'< 200 MB',
		'',
		results.memory.peakServerMb < 200
	]
];
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

console.log('\nScenario detail (autocannon, loopback, %d s each):', DURATION);
console.table(
	Object.fromEntries(
		Object.entries(s).map(([k, v]) => [
			k,
			{
				'req/s': v.requestsPerSecond,
				'p50 ms': v.latencyP50Ms,
				'p99 ms': v.latencyP99Ms,
				errors: v.errors,
				'peak MB': v.peakServerMemoryMb
			}
		])
	)
);
console.log('\n| figure | measured | target | ratio | met |\n|---|---|---|---|---|');
for (const r of results.table)
	console.log(
		`| ${r.figure} | ${r.measured} | ${r.target} | ${r.ratio} | ${r.met === null ? '—' : r.met ? 'yes' : 'NO'} |`
	);
console.log('\nWrote tests/bench/results.json');
if (serverErrors.trim()) console.log('\nServer stderr:\n' + serverErrors.slice(0, 2000));
process.exit(0);

function pct(x) {
	return `${Math.round(x * 100)}%`;
}

/** Picks an answer for every question on an attempt page (the first choice of each). */
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

async function nginxBaseline(page) {
	let nginx = spawnSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx'], {
		encoding: 'utf8'
	})
		.stdout.trim()
		.split('\n')[0];
	if (!nginx && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
		step('installing Debian’s nginx for the comparison (not a dependency of Lectern)');
		spawnSync(
			'sh',
			[
				'-c',
				'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null 2>&1)'
			],
			{ stdio: 'inherit' }
		);
		nginx = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : '';
	}
	if (!nginx) {
		console.log('  nginx is not available: the comparison is skipped');
		return null;
	}
	const dir = join(work, 'nginx');
	mkdirSync(join(dir, 'html'), { recursive: true });
	writeFileSync(join(dir, 'html', 'index.html'), page);
	const nginxPort = await freePort();
	writeFileSync(
		join(dir, 'nginx.conf'),
		`worker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\ndaemon off;\nevents { worker_connections 1024; }\nhttp {\n  access_log off;\n  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;\n  default_type text/html;\n  server { listen 127.0.0.1:${nginxPort}; root ${dir}/html; location / { try_files /index.html =404; } }\n}\n`
	);
	const child = spawn(nginx, ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
	try {
		for (let i = 0; i < 50; i++) {
			try {
				if ((await fetch(`http://127.0.0.1:${nginxPort}/`)).ok) break;
			} catch {
				await new Promise((r) => setTimeout(r, 100));
			}
		}
		step('load: nginx serving the same HTML (1 worker, like the single Node process)');
		const r = await new Promise((resolve, reject) =>
			autocannon(
				{ url: `http://127.0.0.1:${nginxPort}/`, duration: DURATION, connections: 50 },
				(e, res) => (e ? reject(e) : resolve(res))
			)
		);
		return {
			requestsPerSecond: Math.round(r.requests.average),
			latencyP50Ms: r.latency.p50,
			latencyP99Ms: r.latency.p99,
			workers: 1,
			binary: nginx,
			version:
				execFileSync(nginx, ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) ||
				'nginx'
		};
	} finally {
		child.kill('SIGTERM');
	}
}
