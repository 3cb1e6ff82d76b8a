// The bench's load generators. GET scenarios run under Debian's `wrk` (C, epoll: it drives a
// static nginx several times faster than any Node client), autocannon where a request needs
// a body per user (quiz submissions) or when wrk is missing. Both give the same summary.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = dirname(fileURLToPath(import.meta.url));
const WRK_SCRIPT = join(here, 'wrk-report.lua');

/**
 * @typedef {{
 *   client: 'wrk' | 'autocannon',
 *   connections: number,
 *   requestsPerSecond: number,
 *   latencyP50Ms: number,
 *   latencyP90Ms: number,
 *   latencyP99Ms: number,
 *   latencyMaxMs: number,
 *   requests: number,
 *   errors: number,
 *   non2xx: number,
 *   statusCodes?: Record<string, number>
 * }} LoadSummary
 * @typedef {{ url: string, connections: number, seconds: number, cookies?: string[], threads?: number }} GetLoad
 */

/**
 * The wrk binary, or null. As root on Debian, a missing wrk is installed (it is not a
 * dependency of Lectern, only of its benchmark) unless BENCH_CLIENT=autocannon.
 * @param {(message: string) => void} say
 */
export function findWrk(say) {
	if (process.env.BENCH_CLIENT === 'autocannon') return null;
	const which = () =>
		spawnSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).stdout.trim() || null;
	let wrk = which();
	if (!wrk && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
		say(
			'installing Debian’s wrk, the load generator for GET scenarios (not a dependency of Lectern)'
		);
		spawnSync(
			'sh',
			[
				'-c',
				'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1)'
			],
			{ stdio: 'inherit' }
		);
		wrk = which();
	}
	return wrk;
}

/** @param {number} us */
const ms = (us) => Math.round(us / 100) / 10;

/**
 * GET load from wrk: `threads` threads (default 1, so that on a small machine the client
 * takes one core), `connections` keep-alive connections, cookies one per request in turn.
 * @param {string} wrk the binary
 * @param {GetLoad} options
 * @returns {Promise<LoadSummary>}
 */
export function wrkLoad(wrk, { url, connections, seconds, cookies = [], threads = 1 }) {
	return new Promise((resolve, reject) => {
		const child = spawn(
			wrk,
			[
				`-t${Math.min(threads, connections)}`,
				`-c${connections}`,
				`-d${seconds}s`,
				'--timeout',
				'10s',
				'-s',
				WRK_SCRIPT,
				url
			],
			{
				env: { ...process.env, BENCH_COOKIES: cookies.join(',') },
				stdio: ['ignore', 'pipe', 'pipe']
			}
		);
		let out = '';
		let err = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (err += d));
		child.on('error', reject);
		child.on('close', (code) => {
			const line = /^BENCH_JSON (.*)$/m.exec(out)?.[1];
			if (code !== 0 || !line) return reject(new Error(`wrk failed (${code}):\n${out}${err}`));
			/** @type {{ requests: number, durationUs: number, errors: Record<string, number>, latencyUs: Record<string, number> }} */
			const r = JSON.parse(line);
			const e = r.errors;
			resolve({
				client: 'wrk',
				connections,
				requestsPerSecond: Math.round(r.requests / (r.durationUs / 1e6)),
				latencyP50Ms: ms(r.latencyUs.p50),
				latencyP90Ms: ms(r.latencyUs.p90),
				latencyP99Ms: ms(r.latencyUs.p99),
				latencyMaxMs: ms(r.latencyUs.max),
				requests: r.requests,
				// wrk counts a response ≥ 400 as a status error; 3xx are answers.
				errors: e.connect + e.read + e.write + e.status + e.timeout,
				non2xx: e.status
			});
		});
	});
}

/**
 * Load from autocannon, in this process: GETs with cookies one per request in turn, or any
 * requests (autocannon's `requests` option) for scenarios that post.
 * @param {GetLoad & { requests?: any[], onInstance?: (instance: any) => void }} options
 * @returns {Promise<LoadSummary>}
 */
export function autocannonLoad({ url, connections, seconds, cookies = [], requests, onInstance }) {
	let n = 0;
	const next = () => cookies[n++ % cookies.length];
	const perRequest =
		requests ??
		(cookies.length
			? [
					{
						method: 'GET',
						setupRequest(/** @type {any} */ request) {
							return { ...request, headers: { ...request.headers, cookie: next() } };
						}
					}
				]
			: undefined);
	return new Promise((resolve, reject) => {
		const instance = autocannon(
			{ url, duration: seconds, connections, ...(perRequest ? { requests: perRequest } : {}) },
			(/** @type {any} */ error, /** @type {any} */ result) => {
				if (error) return reject(error);
				resolve({
					client: 'autocannon',
					connections,
					requestsPerSecond: Math.round(result.requests.average),
					latencyP50Ms: result.latency.p50,
					latencyP90Ms: result.latency.p90,
					latencyP99Ms: result.latency.p99,
					latencyMaxMs: result.latency.max,
					requests: result.requests.total,
					errors: result.errors + result.timeouts + result.non2xx,
					non2xx: result.non2xx,
					statusCodes: Object.fromEntries(
						Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [
							k,
							/** @type {any} */ (v).count
						])
					)
				});
			}
		);
		onInstance?.(instance);
	});
}

/** Seconds of the same load run before a GET scenario is measured, and not counted. */
export const WARM_UP_SECONDS = 2;

/**
 * A GET scenario under wrk when there is one, else autocannon, measured in steady state: after
 * WARM_UP_SECONDS of the same load, not counted (a route's first requests in a fresh worker load
 * its code, compile it and draw its pages; measured cold, a signed-in thread page's p99 was
 * 351–657 ms in its first 8 s and 62–68 ms from then on, at the same 2,400 req/s).
 * @param {string | null} wrk
 * @param {GetLoad} options
 */
export async function getLoad(wrk, options) {
	const run = (/** @type {GetLoad} */ o) => (wrk ? wrkLoad(wrk, o) : autocannonLoad(o));
	await run({ ...options, seconds: WARM_UP_SECONDS });
	return run(options);
}
