// A parallel-burst mode for every rate limit: 100 requests sent at once to a production server
// over HTTP, and each limit lets exactly its number through — the place is taken before the work
// (argon2, a lookup, a new row), never after, so no burst gets more than the limit between its
// requests. Each test claims its own client address (the server reads it from
// X-Forwarded-For, as behind a proxy), so the per-address limits of one test leave the others alone.
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOIN_CODE_ALPHABET } from '../../src/lib/classroom';
import { JOIN_GUESS_LIMIT } from '../../src/lib/server/classroom-join';
import { LIMITS } from '../../src/lib/server/auth/rate-limit';
import { hashPassword } from '../../src/lib/server/auth/password';
import { SIGN_IN_FAILED } from '../../src/lib/server/auth/sign-in';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db/client';
import { classes, rateLimits, sessions, users } from '../../src/lib/server/db/schema';
import { SEED_SLUG, tempDatabaseUrl } from './support/database';
import {
	PREPARE_TIMEOUT_MS,
	mintSession,
	prepareBuild,
	request,
	seededDatabaseUrl,
	startServer,
	stopAllServers,
	type HttpResult,
	type LecternServer,
	type PrivateBuild
} from './support/server';

const BURST = 100;
const PASSWORD = 'the right password, at last';
const TOO_MANY_SIGN_INS = /Too many failed sign-ins\. Try again in 15 minutes\./;

let build: PrivateBuild | undefined;
let database: ReturnType<typeof tempDatabaseUrl> | undefined;
let server: LecternServer;
let handle: DatabaseHandle;

beforeAll(async () => {
	build = prepareBuild();
	database = await seededDatabaseUrl(build);
	server = await startServer({
		build,
		databaseUrl: database.url,
		env: { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' }
	});
	handle = await openDatabase(database.url);
}, PREPARE_TIMEOUT_MS);

afterAll(async () => {
	handle?.client.close();
	await stopAllServers();
	build?.remove();
	if (database) rmSync(database.dir, { recursive: true, force: true });
});

let addresses = 0;
/** A client address nobody else in this file uses. */
const newAddress = () => `10.16.${addresses >> 8}.${++addresses & 255}`;

/** `count` requests sent at once; the answers in the order they were sent. */
function burst(count: number, send: (i: number) => Promise<HttpResult>): Promise<HttpResult[]> {
	return Promise.all(Array.from({ length: count }, (_, i) => send(i)));
}

/** How many answers of each status. */
function statuses(results: HttpResult[]): Record<number, number> {
	const counts: Record<number, number> = {};
	for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
	return counts;
}

/** Whether the answer set a session cookie (someone was signed in). */
const startsSession = (r: HttpResult) => r.setCookie.some((c) => /^lectern_session=[^;]+/.test(c));

/** A learner with an e-mail and `PASSWORD`; the id and e-mail. */
async function account(label: string) {
	const id = randomUUID();
	const email = `${label}-${id.slice(0, 8)}@lectern.test`;
	await handle.db.insert(users).values({
		id,
		email,
		displayName: `Burst ${label}`,
		passwordHash: await hashPassword(PASSWORD)
	});
	return { id, email };
}

function signIn(address: string, identifier: string, password: string) {
	return request(server, '/login', {
		form: new URLSearchParams({ identifier, password }),
		headers: { 'x-forwarded-for': address }
	});
}

async function sessionCount(userId: string) {
	return (await handle.db.select().from(sessions).where(eq(sessions.userId, userId))).length;
}

/** The stored count of a limit's window for `subject`. */
async function stored(limit: { name: string }, subject: string) {
	const row = await handle.db.query.rateLimits.findFirst({
		where: eq(rateLimits.key, `${limit.name}:${subject}`)
	});
	return row?.count ?? 0;
}

describe('sign-in per account (5 in 15 minutes)', () => {
	it(`checks exactly 5 of ${BURST} parallel wrong passwords; the other 95 are refused unchecked`, async () => {
		const { email } = await account('per-account');
		const address = newAddress();
		const results = await burst(BURST, (i) => signIn(address, email, `wrong guess ${i}`));

		expect(statuses(results)).toEqual({ 400: 5, 429: 95 });
		expect(results.filter((r) => r.body.includes(SIGN_IN_FAILED))).toHaveLength(5);
		expect(results.filter((r) => TOO_MANY_SIGN_INS.test(r.body))).toHaveLength(95);
		expect(await stored(LIMITS.signInPerAccount, email)).toBe(5);
		// The refused ones gave back what they took under the address's limit.
		expect(await stored(LIMITS.signInPerAddress, address)).toBe(5);
	});

	it('does not let the right password in as the 41st of a burst', async () => {
		const { id, email } = await account('right-41st');
		const address = newAddress();
		const results = await burst(BURST, (i) =>
			signIn(address, email, i === 40 ? PASSWORD : `wrong guess ${i}`)
		);

		expect(results[40]!.status).toBe(429);
		expect(results[40]!.body).toMatch(TOO_MANY_SIGN_INS);
		expect(results.some(startsSession)).toBe(false);
		expect(results.filter((r) => r.body.includes(SIGN_IN_FAILED))).toHaveLength(5);
		expect(await sessionCount(id)).toBe(0);
	});

	it('signs the right password in and gives both places back', async () => {
		const { id, email } = await account('after');
		const address = newAddress();
		const ok = await signIn(address, email, PASSWORD);
		expect(ok.status).toBe(303);
		expect(startsSession(ok)).toBe(true);
		expect(await sessionCount(id)).toBe(1);
		expect(await stored(LIMITS.signInPerAccount, email)).toBe(0);
		expect(await stored(LIMITS.signInPerAddress, address)).toBe(0);
	});
});

describe('sign-in per address (30 in 15 minutes)', () => {
	it(`checks exactly 30 of ${BURST} parallel sign-ins to different accounts from one address`, async () => {
		const { email } = await account('per-address');
		const address = newAddress();
		const tag = randomUUID().slice(0, 8);
		const identifier = (i: number) => (i === 0 ? email : `nobody-${i}-${tag}@lectern.test`);
		// Unknown accounts and a real one, all wrong: each account is under its own limit.
		const results = await burst(BURST, (i) => signIn(address, identifier(i), 'wrong'));

		expect(statuses(results)).toEqual({ 400: 30, 429: 70 });
		expect(results.filter((r) => r.body.includes(SIGN_IN_FAILED))).toHaveLength(30);
		expect(results.filter((r) => TOO_MANY_SIGN_INS.test(r.body))).toHaveLength(70);
		expect(await stored(LIMITS.signInPerAddress, address)).toBe(30);
		// Those refused by the address gave back their place under their account's limit.
		for (const [i, r] of results.entries()) {
			const expected = r.status === 429 ? 0 : 1;
			expect(await stored(LIMITS.signInPerAccount, identifier(i)), identifier(i)).toBe(expected);
		}
	});

	it('refuses the right password from that address until the window ends', async () => {
		const { id, email } = await account('address-locked');
		const address = newAddress();
		await burst(BURST, (i) => signIn(address, `nobody-${i}-${randomUUID()}@lectern.test`, 'x'));
		const result = await signIn(address, email, PASSWORD);
		expect(result.status).toBe(429);
		expect(await sessionCount(id)).toBe(0);
		// From another address, the account is fine.
		expect((await signIn(newAddress(), email, PASSWORD)).status).toBe(303);
	});
});

describe('sign-up per address (10 an hour)', () => {
	const signUp = (address: string, email: string) =>
		request(server, '/signup', {
			form: new URLSearchParams({ email, displayName: 'Burst Reader', password: PASSWORD }),
			headers: { 'x-forwarded-for': address }
		});

	it('allows the 10th sign-up of the hour and refuses the 11th', async () => {
		const address = newAddress();
		const prefix = `seq-${randomUUID().slice(0, 8)}`;
		for (let i = 1; i <= 10; i++) {
			const result = await signUp(address, `${prefix}-${i}@lectern.test`);
			expect(result.status, `sign-up ${i}`).toBe(303);
		}
		const eleventh = await signUp(address, `${prefix}-11@lectern.test`);
		expect(eleventh.status).toBe(429);
		expect(eleventh.body).toContain(
			'Too many new accounts from this address. Try again in 1 hour.'
		);
		const made = await handle.db
			.select({ id: users.id })
			.from(users)
			.where(like(users.email, `${prefix}-%`));
		expect(made).toHaveLength(10);
	});

	it(`makes exactly 10 accounts out of ${BURST} parallel sign-ups`, async () => {
		const address = newAddress();
		const prefix = `par-${randomUUID().slice(0, 8)}`;
		const results = await burst(BURST, (i) => signUp(address, `${prefix}-${i}@lectern.test`));

		expect(statuses(results)).toEqual({ 303: 10, 429: 90 });
		expect(results.filter(startsSession)).toHaveLength(10);
		const made = await handle.db
			.select({ id: users.id })
			.from(users)
			.where(like(users.email, `${prefix}-%`));
		expect(made).toHaveLength(10);
	});
});

describe('join-code guesses per person (10 in 15 minutes)', () => {
	const code = () =>
		Array.from(randomBytes(8), (b) => JOIN_CODE_ALPHABET[b % JOIN_CODE_ALPHABET.length]).join('');

	async function classAndStudent() {
		const teacher = randomUUID();
		const student = randomUUID();
		await handle.db.insert(users).values([
			{ id: teacher, displayName: 'Burst teacher', role: 'teacher' },
			{ id: student, displayName: 'Burst student' }
		]);
		const joinCode = code();
		const classId = randomUUID();
		await handle.db
			.insert(classes)
			.values({ id: classId, teacherId: teacher, name: 'Burst', joinCode });
		return { classId, joinCode, student, token: await mintSession(handle.client, student) };
	}

	const join = (token: string, typed: string) =>
		request(server, '/join?/join', { token, form: new URLSearchParams({ code: typed }) });

	it(`looks up exactly 10 of ${BURST} parallel wrong codes`, async () => {
		const { student, token } = await classAndStudent();
		const results = await burst(BURST, () => join(token, code()));

		expect(statuses(results)).toEqual({ 404: 10, 429: 90 });
		expect(results.filter((r) => r.body.includes('Too many codes that did not work'))).toHaveLength(
			90
		);
		expect(await stored(JOIN_GUESS_LIMIT, student)).toBe(10);
	});

	it('does not let the right code in as the 41st of a burst', async () => {
		const { classId, joinCode, student, token } = await classAndStudent();
		const results = await burst(BURST, (i) => join(token, i === 40 ? joinCode : code()));

		expect(results[40]!.status).toBe(429);
		expect(statuses(results)).toEqual({ 404: 10, 429: 90 });
		const member = await handle.client.execute({
			sql: 'SELECT count(*) AS n FROM class_members WHERE class_id = ? AND user_id = ?',
			args: [classId, student]
		});
		expect(member.rows[0]!.n).toBe(0);
	});
});

describe('password confirmation on the account page (5 in 15 minutes)', () => {
	const WRONG = 'That is not your current password.';
	const TOO_MANY = /Too many wrong passwords\. Try again in 15 minutes\./;

	it(`checks exactly 5 of ${BURST} parallel wrong current passwords`, async () => {
		const { id } = await account('confirm');
		const token = await mintSession(handle.client, id);
		const results = await burst(BURST, (i) =>
			request(server, '/account?/password', {
				token,
				form: new URLSearchParams({
					current: `wrong guess ${i}`,
					password: 'a brand new passphrase',
					confirm: 'a brand new passphrase'
				})
			})
		);

		expect(results.every((r) => r.status === 400)).toBe(true);
		expect(results.filter((r) => r.body.includes(WRONG))).toHaveLength(5);
		expect(results.filter((r) => TOO_MANY.test(r.body))).toHaveLength(95);
		expect(await stored(LIMITS.signInPerAccount, `user:${id}`)).toBe(5);
	});

	it('does not take the right password as the 41st of a burst to delete the account', async () => {
		const { id } = await account('confirm-delete');
		const token = await mintSession(handle.client, id);
		const results = await burst(BURST, (i) =>
			request(server, '/account?/delete', {
				token,
				form: new URLSearchParams({
					deletePassword: i === 40 ? PASSWORD : `wrong guess ${i}`,
					confirm: 'on'
				})
			})
		);

		expect(results[40]!.body).toMatch(TOO_MANY);
		expect(results.filter((r) => r.status === 303)).toHaveLength(0);
		expect(results.filter((r) => r.body.includes(WRONG))).toHaveLength(5);
		expect(await handle.db.query.users.findFirst({ where: eq(users.id, id) })).toBeDefined();
	});
});

describe('guests per address (30 an hour)', () => {
	const MODULE = `/lessons/${SEED_SLUG}`;

	async function firstModule() {
		const page = await request(server, MODULE);
		const slug = new RegExp(`href="${MODULE}/([^"#?/]+)"`).exec(page.body)?.[1];
		if (!slug) throw new Error('no module link on the overview');
		return `${MODULE}/${slug}`;
	}

	async function guestCount() {
		const rows = await handle.db
			.select({ id: users.id })
			.from(users)
			.where(eq(users.isGuest, true));
		return rows.length;
	}

	it(`makes exactly 30 guests out of ${BURST} parallel anonymous "mark read" posts`, async () => {
		const path = await firstModule();
		const address = newAddress();
		const before = await guestCount();
		const results = await burst(BURST, () =>
			request(server, `${path}?/read`, {
				form: new URLSearchParams(),
				headers: { 'x-forwarded-for': address }
			})
		);

		expect(statuses(results)).toEqual({ 303: 30, 429: 70 });
		expect(results.filter(startsSession)).toHaveLength(30);
		const refused = results.find((r) => r.status === 429)!;
		expect(refused.body).toContain(
			'Create an account (it is free) or sign in to keep your progress.'
		);
		expect(refused.body).toMatch(/Try again in 1 hour\./);
		expect(await guestCount()).toBe(before + 30);
		expect(await stored(LIMITS.guestPerAddress, address)).toBe(30);
	});

	it('still serves a guest who already has one, and a signed-in reader, from a full address', async () => {
		const path = await firstModule();
		const address = newAddress();
		const results = await burst(40, () =>
			request(server, `${path}?/read`, {
				form: new URLSearchParams(),
				headers: { 'x-forwarded-for': address }
			})
		);
		const cookie = results
			.flatMap((r) => r.setCookie)
			.map((c) => /^lectern_session=([^;]+)/.exec(c)?.[1])
			.find(Boolean)!;
		const before = await guestCount();
		const again = await request(server, `${path}?/unread`, {
			token: cookie,
			form: new URLSearchParams(),
			headers: { 'x-forwarded-for': address }
		});
		expect(again.status).toBe(303);
		const { id } = await account('reader');
		const reader = await request(server, `${path}?/read`, {
			token: await mintSession(handle.client, id),
			form: new URLSearchParams(),
			headers: { 'x-forwarded-for': address }
		});
		expect(reader.status).toBe(303);
		expect(await guestCount()).toBe(before);
		const progress = await handle.client.execute({
			sql: 'SELECT count(*) AS n FROM section_progress WHERE user_id = ?',
			args: [id]
		});
		expect(progress.rows[0]!.n).toBe(1);
	});

	it('makes no guest for a request that is refused or has nothing to keep', async () => {
		const path = await firstModule();
		const address = newAddress();
		const before = await guestCount();
		const headers = { 'x-forwarded-for': address };
		const answers = await Promise.all([
			// Nothing read yet, so nothing to unmark.
			request(server, `${path}?/unread`, { form: new URLSearchParams(), headers }),
			// A module that does not exist.
			request(server, `${MODULE}/no-such-module?/read`, { form: new URLSearchParams(), headers }),
			// A quiz that does not exist, and no quiz at all.
			request(server, `${MODULE}/quiz?/start`, {
				form: new URLSearchParams({ scope: 'no-such-module' }),
				headers
			}),
			request(server, `${MODULE}/quiz?/start`, { form: new URLSearchParams(), headers })
		]);
		expect(answers.map((a) => a.status)).toEqual([303, 404, 400, 400]);
		expect(answers.some(startsSession)).toBe(false);
		expect(await guestCount()).toBe(before);
		expect(await stored(LIMITS.guestPerAddress, address)).toBe(0);
	});

	it(`starts exactly 30 anonymous quizzes out of ${BURST} parallel starts`, async () => {
		const address = newAddress();
		const guestAttempts = async () =>
			Number(
				(
					await handle.client.execute(
						'SELECT count(*) AS n FROM attempts JOIN users ON users.id = attempts.user_id WHERE users.is_guest = 1'
					)
				).rows[0]!.n
			);
		const before = await guestAttempts();
		const results = await burst(BURST, () =>
			request(server, `${MODULE}/quiz?/start`, {
				form: new URLSearchParams({ scope: 'article' }),
				headers: { 'x-forwarded-for': address }
			})
		);
		expect(statuses(results)).toEqual({ 303: 30, 429: 70 });
		expect(await guestAttempts()).toBe(before + 30);
	});
});
