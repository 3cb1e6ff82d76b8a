// Signing in and up over HTTP, against a production server, where the issue-16 attacks landed:
// `next` that leaves the site or cannot go in a header (GET while signed in, POST with the right
// credentials, on /login and /signup), the "disabled" message that confirmed a guessed password,
// the sign-up answer that confirmed an address has an account, and teacher sign-up under
// TEACHER_SIGNUP (approval by default, open when configured).
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/lib/server/auth/password';
import { ACCOUNT_DISABLED, SIGN_IN_FAILED } from '../../src/lib/server/auth/sign-in';
import { SIGN_UP_REFUSED } from '../../src/lib/server/auth/sign-up';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db/client';
import { users } from '../../src/lib/server/db/schema';
import { tempDatabaseUrl } from './support/database';
import {
	PREPARE_TIMEOUT_MS,
	mintSession,
	prepareBuild,
	request,
	startServer,
	stopAllServers,
	type HttpResult,
	type LecternServer,
	type PrivateBuild
} from './support/server';

const PASSWORD = 'a long and quiet river';
/** Printable ASCII: what any Location header can carry. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

let build: PrivateBuild | undefined;
let database: ReturnType<typeof tempDatabaseUrl> | undefined;
/** The default configuration: teachers need approval. */
let server: LecternServer;
/** A second process on the same database with TEACHER_SIGNUP=open. */
let openServer: LecternServer;
let handle: DatabaseHandle;

beforeAll(async () => {
	build = prepareBuild();
	database = tempDatabaseUrl();
	const env = { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' };
	server = await startServer({ build, databaseUrl: database.url, env });
	openServer = await startServer({
		build,
		databaseUrl: database.url,
		env: { ...env, TEACHER_SIGNUP: 'open' }
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
/** A client address of its own for each request that counts against a per-address limit. */
const newAddress = () => `10.32.${addresses >> 8}.${++addresses & 255}`;

async function account(label: string, extra: Partial<typeof users.$inferInsert> = {}) {
	const id = randomUUID();
	const email = `${label}-${id.slice(0, 8)}@lectern.test`;
	await handle.db.insert(users).values({
		id,
		email,
		displayName: `Reader ${label}`,
		passwordHash: await hashPassword(PASSWORD),
		...extra
	});
	return { id, email };
}

const signIn = (query: string, identifier: string, password: string, on = server) =>
	request(on, `/login${query}`, {
		form: new URLSearchParams({ identifier, password }),
		headers: { 'x-forwarded-for': newAddress() }
	});

const signUp = (
	query: string,
	fields: { email?: string; teacher?: boolean } = {},
	on: LecternServer = server
) =>
	request(on, `/signup${query}`, {
		form: new URLSearchParams({
			email: fields.email ?? `new-${randomUUID().slice(0, 8)}@lectern.test`,
			displayName: 'New Reader',
			password: PASSWORD,
			...(fields.teacher ? { teacher: 'on' } : {})
		}),
		headers: { 'x-forwarded-for': newAddress() }
	});

const sessionToken = (r: HttpResult) =>
	r.setCookie.map((c) => /^lectern_session=([^;]+)/.exec(c)?.[1]).find(Boolean);

/** `next` values as they sit in the query string, and where the browser must be sent. */
const NEXT_CASES: [string, string][] = [
	// Off-site once the browser drops the tab, newline or CR, or reads \ as /.
	['/%09/evil.example', '/'],
	['/%0A/evil.example', '/'],
	['/%0D/evil.example', '/'],
	['/%5Cevil.example', '/'],
	['%2F%2Fevil.example', '/'],
	['/.//evil.example', '/'],
	['%20//evil.example', '/'],
	['javascript:alert(1)', '/'],
	['https://evil.example/', '/'],
	// Header-breaking and non-Latin-1: on-site, percent-encoded.
	['/account%0ASet-Cookie:%20x=1', '/accountSet-Cookie:%20x=1'],
	['/account%0D', '/account'],
	['/acc%00ount', '/acc%00ount'],
	['/acc%0Bount', '/acc%0Bount'],
	['/%E2%9C%93', '/%E2%9C%93'],
	['/caf%C3%A9?q=%F0%9F%A6%8A', '/caf%C3%A9?q=%F0%9F%A6%8A'],
	// Plain local paths stay as they are.
	['%2Faccount', '/account'],
	['/lessons?x=1', '/lessons?x=1']
];

/** The answer is a redirect to exactly `expected`, in a form any header carries. */
function expectRedirect(result: HttpResult, expected: string, label: string) {
	expect(result.status, `${label}: ${result.body.slice(0, 300)}`).toBe(303);
	expect(result.location, label).toBe(expected);
	expect(result.location, label).toMatch(HEADER_SAFE);
}

describe('?next= on /login and /signup', () => {
	it.each(['/login', '/signup'])(
		'%s signed in: every next value redirects on-site, never a 500',
		async (page) => {
			const { id } = await account('next-get');
			const token = await mintSession(handle.client, id);
			for (const [next, expected] of NEXT_CASES) {
				const result = await request(server, `${page}?next=${next}`, { token });
				expectRedirect(result, expected, `${page}?next=${next}`);
			}
		}
	);

	it('POST /login with the right password: every next value redirects on-site, never a 500', async () => {
		const { email } = await account('next-post');
		for (const [next, expected] of NEXT_CASES) {
			const result = await signIn(`?next=${next}`, email, PASSWORD);
			expectRedirect(result, expected, `POST /login?next=${next}`);
			expect(sessionToken(result), next).toBeDefined();
		}
	});

	it('POST /signup: every next value redirects on-site, never a 500', async () => {
		for (const [next, expected] of NEXT_CASES) {
			const result = await signUp(`?next=${next}`);
			expectRedirect(result, expected, `POST /signup?next=${next}`);
			expect(sessionToken(result), next).toBeDefined();
		}
	});
});

describe('a disabled account', () => {
	it('says it is disabled whatever the password, so the message confirms no guess', async () => {
		const { id, email } = await account('disabled', { disabledAt: new Date() });
		for (const password of ['a wrong password for sure', PASSWORD]) {
			const result = await signIn('', email, password);
			expect(result.status, password).toBe(400);
			expect(result.body, password).toContain(ACCOUNT_DISABLED);
			expect(result.body, password).not.toContain(SIGN_IN_FAILED);
			expect(sessionToken(result)).toBeUndefined();
		}
		const sessions = await handle.client.execute({
			sql: 'SELECT count(*) AS n FROM sessions WHERE user_id = ?',
			args: [id]
		});
		expect(sessions.rows[0]!.n).toBe(0);
	});

	it('counts each try against the account’s limit, and says so before anything else', async () => {
		const { email } = await account('disabled-limit', { disabledAt: new Date() });
		for (let i = 0; i < 5; i++) {
			expect((await signIn('', email, `guess ${i}`)).body).toContain(ACCOUNT_DISABLED);
		}
		const sixth = await signIn('', email, PASSWORD);
		expect(sixth.status).toBe(429);
		expect(sixth.body).not.toContain(ACCOUNT_DISABLED);
	});
});

describe('sign-up with an e-mail that has an account', () => {
	it('refuses without saying that the address has an account, and changes nothing', async () => {
		const { id, email } = await account('taken');
		const before = await handle.db.query.users.findFirst({ where: eq(users.id, id) });
		const result = await signUp('', { email: email.toUpperCase() });

		expect(result.status).toBe(400);
		expect(result.body).toContain(SIGN_UP_REFUSED);
		expect(result.body).not.toMatch(/already exists|already registered|is taken|in use/i);
		expect(sessionToken(result)).toBeUndefined();
		expect(await handle.db.query.users.findFirst({ where: eq(users.id, id) })).toEqual(before);
	});
});

describe('teacher sign-up', () => {
	async function stored(email: string) {
		return handle.db.query.users.findFirst({ where: eq(users.email, email) });
	}

	it('by default, makes a learner whose request waits for an administrator, and says so', async () => {
		const email = `asks-${randomUUID().slice(0, 8)}@lectern.test`;
		const result = await signUp('?next=%2Fclasses', { email, teacher: true });

		expect(result.status).toBe(303);
		expect(result.location).toBe('/signup/requested?next=%2Fclasses');
		const user = await stored(email);
		expect(user?.role).toBe('learner');
		expect(user?.teacherRequestedAt).toBeInstanceOf(Date);

		const token = sessionToken(result)!;
		const page = await request(server, result.location!, { token });
		expect(page.status).toBe(200);
		expect(page.body).toContain(
			'An administrator must approve that before you can create classes.'
		);
		expect(page.body).toContain('href="/classes"');
		// Not a teacher yet: creating a class is refused.
		const classes = await request(server, '/classes?/create', {
			token,
			form: new URLSearchParams({ name: 'Should not exist' })
		});
		expect(classes.status).toBe(403);
	});

	it('by default, the sign-up form says teachers are approved by an administrator', async () => {
		const page = await request(server, '/signup');
		expect(page.body).toContain('An administrator approves teacher accounts.');
		expect(page.body).toMatch(/aria-describedby="field-teacher-hint"/);
	});

	it('leaves a learner who did not ask to teach without a request, and skips the notice', async () => {
		const email = `plain-${randomUUID().slice(0, 8)}@lectern.test`;
		const result = await signUp('', { email });
		expect(result.location).toBe('/');
		const user = await stored(email);
		expect(user?.role).toBe('learner');
		expect(user?.teacherRequestedAt).toBeNull();
		// The notice page is only for someone who waits: others go on.
		const page = await request(server, '/signup/requested?next=%2Faccount', {
			token: sessionToken(result)!
		});
		expect(page.status).toBe(303);
		expect(page.location).toBe('/account');
	});

	it('sends a visitor who is not signed in from the notice page to sign in', async () => {
		const page = await request(server, '/signup/requested');
		expect(page.status).toBe(303);
		expect(page.location).toMatch(/^\/login\?next=/);
	});

	it('with TEACHER_SIGNUP=open, makes a teacher at once', async () => {
		const email = `open-${randomUUID().slice(0, 8)}@lectern.test`;
		const form = await request(openServer, '/signup');
		expect(form.body).not.toContain('An administrator approves teacher accounts.');
		const result = await signUp('', { email, teacher: true }, openServer);

		expect(result.status).toBe(303);
		expect(result.location).toBe('/');
		const user = await stored(email);
		expect(user?.role).toBe('teacher');
		expect(user?.teacherRequestedAt).toBeNull();
	});
});
