// PRODUCT.md: "an acknowledged answer … survives a crash of the server (kill -9) and a restart."
// A production server takes a burst of quiz submissions and is SIGKILLed mid-burst; after a
// restart on the same file, every submission that got its 303 is there in full, no other is
// there in part, and the database passes SQLite's integrity check.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_SLUG, tempDatabaseUrl } from './support/database';
import {
	answerQuizForm,
	eachLimit,
	mintUsers,
	openClient,
	prepareBuild,
	PREPARE_TIMEOUT_MS,
	request,
	startAttempt,
	seededDatabaseUrl,
	startPool,
	stopAllServers,
	type LecternServer,
	type PrivateBuild,
	type TestUser
} from './support/server';

const SCOPE = 'key-facts-at-a-glance';
const USERS = 20;
const ATTEMPTS = 200;
const CONCURRENCY = 20;
/** The kill comes when this many submissions have been acknowledged. */
const KILL_AFTER = ATTEMPTS / 2;

describe('crash durability: kill -9 in the middle of a burst of quiz submissions', () => {
	let database: ReturnType<typeof tempDatabaseUrl>;
	let build: PrivateBuild | undefined;

	beforeAll(async () => {
		build = prepareBuild();
		database = await seededDatabaseUrl(build);
		console.log(`build: ${build.built ? 'rebuilt' : 'up to date'} in ${build.ms} ms`);
	}, PREPARE_TIMEOUT_MS);

	afterAll(async () => {
		await stopAllServers();
		build?.remove();
		rmSync(database.dir, { recursive: true, force: true });
	});

	it('keeps every acknowledged submission whole, and no other one in part', async () => {
		const began = Date.now();
		// npm start's pool of two workers, killed whole (supervisor and workers) mid-burst.
		let server: LecternServer = await startPool({ build: build!, databaseUrl: database.url }, 2);
		// No connection but the server's is open at the crash: the restarted server alone recovers
		// the file from its write-ahead log.
		let client = openClient(database.url);
		try {
			const users = await mintUsers(client, USERS, 'crash');
			client.close();
			const attempts: { id: string; user: TestUser }[] = [];
			await eachLimit(
				Array.from({ length: ATTEMPTS }, (_, i) => users[i % USERS]!),
				10,
				async (user) => {
					attempts.push({ id: await startAttempt(server, user, SEED_SLUG, SCOPE), user });
				}
			);
			const first = await request(server, `/lessons/${SEED_SLUG}/quiz/${attempts[0]!.id}`, {
				token: attempts[0]!.user.token
			});
			expect(first.status).toBe(200);
			const answer = answerQuizForm(first.body);

			// The burst. Each submission's fate: acknowledged (303 to its results), failed (no
			// answer: the connection died with the server), or never sent.
			const acknowledged = new Set<string>();
			const failed = new Set<string>();
			const sent = new Set<string>();
			const unexpected: string[] = [];
			let inFlight = 0;
			let inFlightAtKill = -1;
			let killedAt = 0;
			let killScheduled = false;
			const crashed = server;
			const burstStarted = Date.now();
			await eachLimit(attempts, CONCURRENCY, async ({ id, user }) => {
				if (inFlightAtKill >= 0) return;
				sent.add(id);
				inFlight++;
				try {
					const result = await request(crashed, `/lessons/${SEED_SLUG}/quiz/${id}?/submit`, {
						token: user.token,
						form: answer.form
					});
					if (result.status === 303 && result.location === `/lessons/${SEED_SLUG}/quiz/${id}`) {
						acknowledged.add(id);
					} else {
						unexpected.push(
							`${id}: ${result.status} ${result.location} ${result.body.slice(0, 300)}`
						);
					}
				} catch {
					failed.add(id);
				} finally {
					inFlight--;
				}
				if (acknowledged.size >= KILL_AFTER && !killScheduled) {
					// A few milliseconds later, so the kill may land inside the server's next write.
					killScheduled = true;
					setTimeout(() => {
						inFlightAtKill = inFlight;
						killedAt = Date.now();
						crashed.kill();
					}, Math.random() * 10);
				}
			});
			expect(await crashed.exited).toBe('SIGKILL');
			expect(unexpected).toEqual([]);
			expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);
			expect(inFlightAtKill).toBeGreaterThan(0);
			const crashedErrors = crashed.stderr();

			// Restart on the same file: start-up (migrations, bundled import) must cope with it.
			server = await startPool({ build: build!, databaseUrl: database.url }, 2);
			client = openClient(database.url);

			const rows = await client.execute(
				`SELECT a.id, a.submitted_at, a.score, a.max_score,
				        json_array_length(a.plan, '$.questions') AS planned,
				        (SELECT count(*) FROM attempt_answers x WHERE x.attempt_id = a.id) AS answers
				   FROM attempts a WHERE a.scope = (SELECT scope FROM attempts WHERE id = ?)`,
				[attempts[0]!.id]
			);
			const byId = new Map(rows.rows.map((r) => [String(r.id), r]));
			expect(byId.size).toBe(ATTEMPTS);
			let submittedUnacknowledged = 0;
			for (const { id } of attempts) {
				const row = byId.get(id)!;
				const planned = Number(row.planned);
				const answers = Number(row.answers);
				const submitted = row.submitted_at !== null;
				expect(planned, id).toBe(answer.questions);
				// All or nothing, whatever the client heard.
				expect({ id, answers: submitted ? answers : answers === 0 ? 0 : 'partial' }).toEqual({
					id,
					answers: submitted ? planned : 0
				});
				expect(row.score === null, id).toBe(!submitted);
				expect(row.max_score === null ? null : Number(row.max_score), id).toBe(
					submitted ? planned : null
				);
				if (acknowledged.has(id)) expect(submitted, `acknowledged ${id}`).toBe(true);
				else if (!sent.has(id)) expect(submitted, `never sent ${id}`).toBe(false);
				else if (submitted) submittedUnacknowledged++;
			}

			const integrity = await client.execute('PRAGMA integrity_check');
			expect(integrity.rows.map((r) => String(r[0]))).toEqual(['ok']);
			expect((await client.execute('PRAGMA foreign_key_check')).rows).toEqual([]);

			// The restarted server shows each acknowledged attempt as marked, to its owner.
			const owner = new Map(attempts.map((a) => [a.id, a.user]));
			const notShown: string[] = [];
			await eachLimit([...acknowledged], 10, async (id) => {
				const page = await request(server, `/lessons/${SEED_SLUG}/quiz/${id}`, {
					token: owner.get(id)!.token
				});
				if (page.status !== 200 || page.body.includes('?/submit')) notShown.push(id);
			});
			expect(notShown).toEqual([]);
			expect(crashedErrors).toBe('');
			expect(server.stderr()).toBe('');

			console.log(
				`crash durability: ${ATTEMPTS} submissions (concurrency ${CONCURRENCY}); SIGKILL after ` +
					`${acknowledged.size} acknowledged, ${inFlightAtKill} in flight, ` +
					`${Math.round(killedAt - burstStarted)} ms into the burst; ${sent.size} sent, ` +
					`${failed.size} lost their answer (${submittedUnacknowledged} of them committed anyway), ` +
					`${ATTEMPTS - sent.size} never sent; ${answer.questions} answers each; ` +
					`total ${((Date.now() - began) / 1000).toFixed(1)} s`
			);
		} finally {
			client.close();
			await stopAllServers();
		}
	}, 120_000);
});
