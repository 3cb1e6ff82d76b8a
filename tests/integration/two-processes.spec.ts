// Two production servers on one database file (as behind a load balancer, or during a rolling
// restart), under mixed reads and writes at once: no request may fail with a 5xx or SQLITE_BUSY,
// neither process may log an error, and afterwards the data is exactly what the clients were
// told, whichever process told them.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_SLUG, tempDatabaseUrl } from './support/database';
import {
	answerQuizForm,
	attemptIdFrom,
	eachLimit,
	mintUsers,
	openClient,
	prepareBuild,
	PREPARE_TIMEOUT_MS,
	request,
	startAttempt,
	startServer,
	stopAllServers,
	type HttpResult,
	type LecternServer,
	type PrivateBuild,
	type RequestOptions,
	type TestUser
} from './support/server';

const SCOPE = 'key-facts-at-a-glance';
const WORKERS = 16;
const LOAD_MS = 10_000;
const PASSWORD = 'correct horse battery staple 42';

type Op =
	'module' | 'module-anonymous' | 'overview' | 'home' | 'read' | 'unread' | 'quiz' | 'signup';
/** How often each operation comes up, out of their sum. */
const MIX: [Op, number][] = [
	['module', 22],
	['module-anonymous', 10],
	['overview', 12],
	['home', 6],
	['read', 16],
	['unread', 10],
	['quiz', 18],
	['signup', 6]
];

describe('two server processes on one database file', () => {
	const database = tempDatabaseUrl();
	let build: PrivateBuild | undefined;

	beforeAll(() => {
		build = prepareBuild();
		console.log(`build: ${build.built ? 'rebuilt' : 'up to date'} in ${build.ms} ms`);
	}, PREPARE_TIMEOUT_MS);

	afterAll(async () => {
		await stopAllServers();
		build?.remove();
		rmSync(database.dir, { recursive: true, force: true });
	});

	it('serves mixed reads and writes from both with no 5xx, no SQLITE_BUSY, and agreeing data', async () => {
		const began = Date.now();
		// Both start at once on a new file: migrations, import and first admin must serialize.
		const env = { ADDRESS_HEADER: 'x-forwarded-for' };
		const servers: LecternServer[] = await Promise.all([
			startServer({ build: build!, databaseUrl: database.url, env }),
			startServer({ build: build!, databaseUrl: database.url, env })
		]);
		const client = openClient(database.url);
		try {
			const users = await mintUsers(client, WORKERS, 'two');
			const api = await request(servers[0]!, `/api/v1/articles/${SEED_SLUG}`, {
				headers: { accept: 'application/json' }
			});
			expect(api.status).toBe(200);
			const sections = (JSON.parse(api.body) as { sections: { slug: string }[] }).sections.map(
				(s) => s.slug
			);
			expect(sections).toContain(SCOPE);

			const failures: string[] = [];
			const counts = new Map<string, number>();
			const latencies: number[] = [];
			let nextAddress = 1;
			/** What the clients were told: starts and submissions acknowledged, modules read, sign-ups. */
			const started = new Set<string>();
			const submitted = new Map<string, TestUser>();
			const readState = new Map<string, boolean>();
			const signedUp: { email: string; token: string }[] = [];

			const call = async (
				op: string,
				server: LecternServer,
				path: string,
				options: RequestOptions = {}
			): Promise<HttpResult | undefined> => {
				const key = `${op} ${server === servers[0] ? 'A' : 'B'}`;
				counts.set(key, (counts.get(key) ?? 0) + 1);
				const t0 = performance.now();
				try {
					const result = await request(server, path, options);
					latencies.push(performance.now() - t0);
					const busy = /[^<>]{0,80}(SQLITE_BUSY|database is locked)[^<>]{0,80}/i.exec(result.body);
					if (result.status >= 500 || busy) {
						const title = /<title>([^<]*)<\/title>/.exec(result.body)?.[1];
						failures.push(`${key} ${path}: ${result.status} ${busy?.[0] ?? title ?? ''}`);
					}
					return result;
				} catch (error) {
					failures.push(`${key} ${path}: ${(error as Error).message}`);
					return undefined;
				}
			};
			const expectStatus = (op: string, result: HttpResult | undefined, status: number) => {
				if (result && result.status !== status) {
					failures.push(`${op}: expected ${status}, got ${result.status} ${result.location ?? ''}`);
				}
				return result?.status === status;
			};

			let answer: URLSearchParams | undefined;
			const total = MIX.reduce((sum, [, weight]) => sum + weight, 0);
			const pick = (): Op => {
				let r = Math.random() * total;
				for (const [op, weight] of MIX) if ((r -= weight) < 0) return op;
				return MIX[0]![0];
			};
			const deadline = Date.now() + LOAD_MS;

			await Promise.all(
				users.map(async (user, w) => {
					for (let i = 0; Date.now() < deadline; i++) {
						// Alternate processes; a quiz starts on one and is answered on the other.
						const here = servers[(w + i) % 2]!;
						const there = servers[(w + i + 1) % 2]!;
						const section = sections[Math.floor(Math.random() * sections.length)]!;
						const token = user.token;
						const op = pick();
						if (op === 'module') {
							expectStatus(
								op,
								await call(op, here, `/lessons/${SEED_SLUG}/${section}`, { token }),
								200
							);
						} else if (op === 'module-anonymous') {
							expectStatus(op, await call(op, here, `/lessons/${SEED_SLUG}/${section}`), 200);
						} else if (op === 'overview') {
							expectStatus(op, await call(op, here, `/lessons/${SEED_SLUG}`, { token }), 200);
						} else if (op === 'home') {
							expectStatus(op, await call(op, here, '/', { token }), 200);
						} else if (op === 'read' || op === 'unread') {
							const path = `/lessons/${SEED_SLUG}/${section}`;
							const result = await call(op, here, `${path}?/${op}`, {
								token,
								form: new URLSearchParams()
							});
							if (expectStatus(op, result, 303))
								readState.set(`${user.id} ${section}`, op === 'read');
						} else if (op === 'quiz') {
							const start = await call('quiz-start', here, `/lessons/${SEED_SLUG}/quiz?/start`, {
								token,
								form: new URLSearchParams({ scope: SCOPE })
							});
							const id = start && attemptIdFrom(start);
							if (!id) {
								if (start) failures.push(`quiz-start: ${start.status} ${start.location}`);
								continue;
							}
							started.add(id);
							const path = `/lessons/${SEED_SLUG}/quiz/${id}`;
							const page = await call('quiz-page', there, path, { token });
							if (!expectStatus('quiz-page', page, 200)) continue;
							answer ??= answerQuizForm(page!.body).form;
							const submit = await call('quiz-submit', there, `${path}?/submit`, {
								token,
								form: answer
							});
							if (expectStatus('quiz-submit', submit, 303)) submitted.set(id, user);
						} else {
							const n = nextAddress++;
							const email = `signup-${w}-${i}-${n}@lectern.test`;
							const result = await call(op, here, '/signup', {
								form: new URLSearchParams({
									email,
									displayName: `Signup ${n}`,
									password: PASSWORD
								}),
								headers: { 'x-forwarded-for': `10.77.${n >> 8}.${n & 255}` }
							});
							const cookie = result?.setCookie
								.map((c) => /^lectern_session=([^;]+)/.exec(c)?.[1])
								.find(Boolean);
							if (expectStatus(op, result, 303) && cookie) signedUp.push({ email, token: cookie });
							else if (result?.status === 303) failures.push(`signup ${email}: no session cookie`);
						}
					}
				})
			);
			const loadEnded = Date.now();

			expect(failures.slice(0, 20), `${failures.length} failures`).toEqual([]);
			for (const [i, server] of servers.entries()) {
				expect(server.stderr(), `stderr of server ${'AB'[i]}`).toBe('');
			}

			// The file holds exactly what the clients were told, whichever process told them.
			const ids = users.map((u) => `'${u.id}'`).join(',');
			const attempts = await client.execute(
				`SELECT a.id, a.submitted_at, json_array_length(a.plan, '$.questions') AS planned,
				        (SELECT count(*) FROM attempt_answers x WHERE x.attempt_id = a.id) AS answers
				   FROM attempts a WHERE a.user_id IN (${ids})`
			);
			expect(new Set(attempts.rows.map((r) => String(r.id)))).toEqual(started);
			expect(
				new Set(attempts.rows.filter((r) => r.submitted_at !== null).map((r) => String(r.id)))
			).toEqual(new Set(submitted.keys()));
			for (const row of attempts.rows) {
				const full = row.submitted_at === null ? 0 : Number(row.planned);
				expect(Number(row.answers), String(row.id)).toBe(full);
			}
			const progress = await client.execute(
				`SELECT p.user_id, s.slug FROM section_progress p JOIN sections s ON s.id = p.section_id
				  WHERE p.user_id IN (${ids})`
			);
			const stored = new Set(progress.rows.map((r) => `${r.user_id} ${r.slug}`));
			const expected = new Set([...readState].filter(([, read]) => read).map(([key]) => key));
			expect(stored).toEqual(expected);
			const accounts = await client.execute(
				"SELECT email FROM users WHERE email LIKE 'signup-%@lectern.test'"
			);
			expect(new Set(accounts.rows.map((r) => String(r.email)))).toEqual(
				new Set(signedUp.map((s) => s.email))
			);
			expect(
				(await client.execute('PRAGMA integrity_check')).rows.map((r) => String(r[0]))
			).toEqual(['ok']);

			// And both processes agree with the file: each shows every submitted attempt as marked
			// to its owner, and each knows every session the other started at sign-up.
			const disagreements: string[] = [];
			await eachLimit([...submitted], 8, async ([id, user]) => {
				for (const server of servers) {
					const page = await request(server, `/lessons/${SEED_SLUG}/quiz/${id}`, {
						token: user.token
					});
					if (page.status !== 200 || page.body.includes('?/submit'))
						disagreements.push(`${server.url} attempt ${id}: ${page.status}`);
				}
			});
			await eachLimit(signedUp, 8, async ({ email, token }) => {
				for (const server of servers) {
					const page = await request(server, '/account', { token });
					if (page.status !== 200) disagreements.push(`${server.url} ${email}: ${page.status}`);
				}
			});
			expect(disagreements).toEqual([]);
			expect(servers.map((s) => s.stderr())).toEqual(['', '']);

			latencies.sort((a, b) => a - b);
			const at = (q: number) => Math.round(latencies[Math.floor(q * (latencies.length - 1))]!);
			console.log(
				`two processes: ${latencies.length} requests in ${((loadEnded - deadline + LOAD_MS) / 1000).toFixed(1)} s ` +
					`(${WORKERS} clients; p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms); ` +
					`${started.size} attempts started, ${submitted.size} submitted, ${signedUp.length} sign-ups, ` +
					`${expected.size} modules read; by operation: ` +
					[...counts]
						.sort()
						.map(([k, v]) => `${k}=${v}`)
						.join(' ') +
					`; total ${((Date.now() - began) / 1000).toFixed(1)} s`
			);
		} finally {
			client.close();
			await stopAllServers();
		}
	}, 120_000);

	it('takes one attempt submitted to both processes at the same moment exactly once, with no 5xx', async () => {
		// One after the other: this test may run alone, on a new file.
		const servers = [
			await startServer({ build: build!, databaseUrl: database.url }),
			await startServer({ build: build!, databaseUrl: database.url })
		];
		const client = openClient(database.url);
		try {
			const users = await mintUsers(client, 12, 'same-moment');
			const attempts = await Promise.all(
				users.map(async (user) => ({
					user,
					id: await startAttempt(servers[0]!, user, SEED_SLUG, SCOPE)
				}))
			);
			const page = await request(servers[0]!, `/lessons/${SEED_SLUG}/quiz/${attempts[0]!.id}`, {
				token: attempts[0]!.user.token
			});
			const { form, questions } = answerQuizForm(page.body);
			expect(questions).toBeGreaterThan(0);
			// Each attempt: saved as a draft by both processes at once, then submitted by both at once.
			const problems: string[] = [];
			const both = async (id: string, token: string, action: 'save' | 'submit') => {
				const answers = await Promise.all(
					servers.map((server) =>
						request(server, `/lessons/${SEED_SLUG}/quiz/${id}?/${action}`, { token, form })
					)
				);
				for (const a of answers) {
					if (a.status >= 500 || /SQLITE_BUSY|database is locked/i.test(a.body))
						problems.push(`${action} ${id}: ${a.status}`);
				}
				return answers;
			};
			await Promise.all(attempts.map(({ id, user }) => both(id, user.token, 'save')));
			const submissions = await Promise.all(
				attempts.map(({ id, user }) => both(id, user.token, 'submit'))
			);
			expect(problems).toEqual([]);
			// Both answers send the learner to the results: the second finds it submitted already.
			for (const answers of submissions) expect(answers.map((a) => a.status)).toEqual([303, 303]);
			for (const { id } of attempts) {
				const stored = await client.execute({
					sql: `SELECT (SELECT count(*) FROM attempts WHERE id = ? AND submitted_at IS NOT NULL) AS submitted,
						(SELECT count(*) FROM attempt_answers WHERE attempt_id = ?) AS answers,
						(SELECT count(*) FROM draft_answers WHERE attempt_id = ?) AS drafts`,
					args: [id, id, id]
				});
				expect(stored.rows[0]).toMatchObject({ submitted: 1, answers: questions, drafts: 0 });
			}
			expect(servers.map((s) => s.stderr())).toEqual(['', '']);
		} finally {
			client.close();
			await stopAllServers();
		}
	}, 120_000);
});
