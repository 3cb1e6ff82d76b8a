// The site stays up. A request the app cannot even decode is refused, not fatal: no exception
// in a request ends the process. And `npm start` is a supervising parent: a worker that dies
// (kill -9 mid-request) is replaced and the site answers again within seconds.
import { readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_SLUG, tempDatabaseUrl } from './support/database';
import {
	PREPARE_TIMEOUT_MS,
	answersHealthy,
	childPids,
	mintUsers,
	openClient,
	prepareBuild,
	startServer,
	startPool,
	startSupervised,
	stopAllServers,
	type PrivateBuild
} from './support/server';

/** Invalid percent-encodings that made `decodeURIComponent` throw in a hook. */
const MALFORMED = ['%', '%ZZ', '%C0', '%E0%A4%A', '%ED%A0%80'];

let build: PrivateBuild | undefined;
const scratch: string[] = [];

beforeAll(() => {
	build = prepareBuild();
}, PREPARE_TIMEOUT_MS);

afterAll(async () => {
	await stopAllServers();
	build?.remove();
	for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function database() {
	const db = tempDatabaseUrl();
	scratch.push(db.dir);
	return db.url;
}

async function get(url: string, token?: string) {
	const response = await fetch(url, {
		headers: { accept: 'text/html', ...(token ? { cookie: `lectern_session=${token}` } : {}) },
		redirect: 'manual',
		signal: AbortSignal.timeout(10_000)
	});
	await response.text();
	return response.status;
}

/** Polls until `check` holds or `deadlineMs` passes; resolves with whether it held. */
async function eventually(check: () => Promise<boolean>, deadlineMs: number): Promise<boolean> {
	const until = Date.now() + deadlineMs;
	while (Date.now() < until) {
		if (await check()) return true;
		await new Promise((r) => setTimeout(r, 100));
	}
	return check();
}

describe('a request the server cannot decode', () => {
	it('is answered 4xx, signed in or not, and the same process keeps serving', async () => {
		const databaseUrl = database();
		const server = await startServer({ build: build!, databaseUrl });
		const client = openClient(databaseUrl);
		const [learner, mustChange] = await mintUsers(client, 2, 'malformed');
		// A hook that throws (here: the redirect to /account) must not escape either.
		await client.execute({
			sql: 'UPDATE users SET must_change_password = 1 WHERE id = ?',
			args: [mustChange!.id]
		});
		client.close();

		const answers: string[] = [];
		for (const token of [undefined, learner!.token, mustChange!.token]) {
			for (const bad of MALFORMED) {
				for (const path of [
					`/lessons/${bad}/introduction`,
					`/lessons/${SEED_SLUG}/${bad}`,
					`/${bad}`
				]) {
					const status = await get(server.url + path, token);
					if (status < 300 || status >= 500) answers.push(`${path}: ${status}`);
				}
			}
		}
		expect(answers).toEqual([]);
		expect(await answersHealthy(server.url)).toBe(true);
		expect(await get(`${server.url}/lessons/${SEED_SLUG}/introduction`)).toBe(200);
		expect(server.stderr()).not.toMatch(/URIError|Unhandled|uncaught/i);
		await server.stop();
	}, 120_000);
});

describe('npm start', () => {
	it('replaces a worker killed mid-request, and the site answers again', async () => {
		const server = await startSupervised({
			build: build!,
			databaseUrl: database(),
			env: { WORKERS: '1' }
		});
		// Start-up ends with the block that says where the site is (printed once the worker listens).
		const opened = `  Open:      http://localhost:${server.port}\n`;
		expect(await eventually(async () => server.stdout().includes(opened), 10_000)).toBe(true);
		const [worker] = childPids(server.pid);
		expect(worker).toBeDefined();

		// A request in flight: its headers and half its body sent, the worker waiting for the rest.
		const socket = connect(server.port, '127.0.0.1');
		const closed = new Promise<string>((resolve) => {
			let answer = '';
			socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
			socket.on('error', () => {});
			socket.on('close', () => resolve(answer));
		});
		await new Promise<void>((resolve) => socket.once('connect', resolve));
		socket.write(
			`POST /login HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: http://localhost:${server.port}\r\n` +
				'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nidentifier='
		);
		// The worker holds the request once it has its headers: wait for it to have them.
		await new Promise((r) => setTimeout(r, 300));

		process.kill(worker!, 'SIGKILL');
		// The request dies with its worker (nothing was answered), but the parent lives on.
		expect(await closed).toBe('');
		expect(server.child.exitCode).toBeNull();

		expect(await eventually(() => answersHealthy(server.url), 60_000)).toBe(true);
		const [replacement] = childPids(server.pid);
		expect(replacement).toBeDefined();
		expect(replacement).not.toBe(worker);
		expect(server.child.exitCode).toBeNull();
		expect(server.stderr() + server.stdout()).toMatch(
			new RegExp(`worker ${worker} (?:died|ended)[^\\n]*SIGKILL`)
		);
		await server.stop();
		expect(childPids(server.pid)).toEqual([]);
	}, 120_000);

	it('runs WORKERS server processes that share the work, and replaces one that dies while the other serves', async () => {
		const server = await startPool({ build: build!, databaseUrl: database() }, 2);
		const workers = childPids(server.pid);
		expect(workers).toHaveLength(2);
		// Both share the work: after a burst of page views, each has spent CPU time on them.
		const cpuTicks = (pid: number) => {
			const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
			return Number(fields[11]) + Number(fields[12]);
		};
		const before = workers.map(cpuTicks);
		for (let i = 0; i < 10; i++) {
			const burst = Array.from({ length: 10 }, () =>
				get(`${server.url}/lessons/${SEED_SLUG}/introduction?burst=${i}`)
			);
			expect(await Promise.all(burst)).toEqual(Array(10).fill(200));
		}
		const spent = workers.map((pid, i) => cpuTicks(pid) - before[i]!);
		expect(
			spent.every((ticks) => ticks > 0),
			`CPU ticks per worker: ${spent}`
		).toBe(true);

		process.kill(workers[0]!, 'SIGKILL');
		const replaced = async () => {
			const now = childPids(server.pid);
			return now.length === 2 && !now.includes(workers[0]!);
		};
		expect(await eventually(replaced, 30_000)).toBe(true);
		const now = childPids(server.pid);
		expect(now).toContain(workers[1]);
		expect(now).not.toContain(workers[0]);
		expect(await get(`${server.url}/lessons/${SEED_SLUG}/introduction`)).toBe(200);
		await server.stop();
		expect(childPids(server.pid)).toEqual([]);
	}, 120_000);
});
