// People made straight in the end-to-end server's database, signed in by a session cookie: for
// journeys about what someone does once they have an account, not about signing up (auth.spec.ts
// and join-link.spec.ts walk the forms). One password hash serves every actor, so setting one up
// costs two inserts instead of a page, a form and an argon2 hash on the busy server.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { hashPassword } from '../../../src/lib/server/auth/password';
import { generateToken, hashToken, SESSION_LIFETIME_MS } from '../../../src/lib/server/auth/token';
import { generateJoinCode } from '../../../src/lib/classroom/join-code';
import { PASSWORD, SESSION_COOKIE, sql, uniqueAddress, uniqueEmail } from './fixtures';

type Role = 'learner' | 'teacher' | 'moderator' | 'admin';

export interface Account {
	id: string;
	email: string;
	displayName: string;
	password: string;
}

let passwordHash: Promise<string> | undefined;

/** A user with the shared test password (`PASSWORD`), as sign-up would have made them. */
export async function makeUser({
	role = 'learner',
	displayName = 'Test Reader',
	email = uniqueEmail(role)
}: { role?: Role; displayName?: string; email?: string } = {}): Promise<Account> {
	const id = randomUUID();
	passwordHash ??= hashPassword(PASSWORD);
	await sql(
		'INSERT INTO users (id, email, display_name, password_hash, role) VALUES (?, ?, ?, ?, ?)',
		[id, email, displayName, await passwordHash, role]
	);
	return { id, email, displayName, password: PASSWORD };
}

/** A session for `userId` in the database, as the sign-in form makes one: its token and expiry. */
export async function mintSession(userId: string) {
	const token = generateToken();
	const expiresAt = Date.now() + SESSION_LIFETIME_MS;
	await sql('INSERT INTO sessions (id, user_id, expires_at) VALUES (?, ?, ?)', [
		hashToken(token),
		userId,
		expiresAt
	]);
	return { token, expiresAt };
}

/** Signs `account` in within `context`, as the sign-in form would: a session and its cookie. */
export async function signInAs(context: BrowserContext, account: { id: string }, baseURL: string) {
	const { token, expiresAt } = await mintSession(account.id);
	await context.addCookies([
		{
			name: SESSION_COOKIE,
			value: token,
			url: baseURL,
			httpOnly: true,
			sameSite: 'Lax',
			expires: Math.floor(expiresAt / 1000)
		}
	]);
}

/** A new session for `userId` as a storage state: for an HTTP client or a browser context. */
export async function sessionState(userId: string) {
	const { token, expiresAt } = await mintSession(userId);
	return {
		cookies: [
			{
				name: SESSION_COOKIE,
				value: token,
				domain: new URL(baseURL()).hostname,
				path: '/',
				httpOnly: true,
				secure: false,
				sameSite: 'Lax' as const,
				expires: Math.floor(expiresAt / 1000)
			}
		],
		origins: []
	};
}

/** The base URL the suite's pages use (tests/playwright.config.ts). */
export const baseURL = () => `http://localhost:${process.env.LECTERN_E2E_PORT}`;

/** A new user signed in on `page` (the test's own page and client address). */
export async function signedIn(
	page: Page,
	options: Parameters<typeof makeUser>[0] = {}
): Promise<Account> {
	const account = await makeUser(options);
	await signInAs(page.context(), account, baseURL());
	return account;
}

/** A new user signed in within a browser context of their own (their own client address). */
export async function actor(
	browser: Browser,
	options: Parameters<typeof makeUser>[0] & { javaScriptEnabled?: boolean } = {}
) {
	const { javaScriptEnabled = true, ...who } = options;
	const context = await browser.newContext({
		javaScriptEnabled,
		extraHTTPHeaders: { 'X-Forwarded-For': uniqueAddress() }
	});
	const account = await makeUser(who);
	await signInAs(context, account, baseURL());
	return { context, page: await context.newPage(), account };
}

/** A class of `teacherId`, made as the class form makes one; its id, name and join code. */
export async function makeClass(teacherId: string, name = 'Class') {
	const cls = {
		id: randomUUID(),
		name: `${name} ${Math.random().toString(36).slice(2, 7)}`,
		code: generateJoinCode()
	};
	await sql(
		'INSERT INTO classes (id, teacher_id, name, description, time_zone, join_code) VALUES (?, ?, ?, ?, ?, ?)',
		[cls.id, teacherId, cls.name, '', 'UTC', cls.code]
	);
	return cls;
}

/** Puts a user in a class, as joining with its code would. */
export async function enrol(classId: string, userId: string) {
	await sql('INSERT INTO class_members (class_id, user_id, joined_at) VALUES (?, ?, ?)', [
		classId,
		userId,
		Date.now()
	]);
}
