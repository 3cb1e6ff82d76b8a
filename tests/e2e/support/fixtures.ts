import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { createClient } from '@libsql/client';

/** The e2e server's database (see tests/playwright.config.ts). */
export const E2E_DATABASE_URL =
	process.env.LECTERN_E2E_DATABASE_URL ?? 'file:tests/.tmp/e2e/lectern.db';

let counter = 0;
/** A client address of its own for each test, as a proxy would report it. */
export function uniqueAddress(): string {
	counter++;
	const n = (process.pid * 1000 + counter) % 16_000_000;
	return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

export const test = base.extend<{ address: string }>({
	// eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
	address: async ({}, use) => use(uniqueAddress()),
	extraHTTPHeaders: async ({ address }, use) => use({ 'X-Forwarded-For': address })
});
export { expect };

export function uniqueEmail(prefix = 'user'): string {
	return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.org`;
}

export const PASSWORD = 'a long and quiet river';

/** Signs up through the form; the page ends signed in. */
export async function signUp(
	page: Page,
	{ email = uniqueEmail(), displayName = 'Test Reader', password = PASSWORD, teacher = false } = {}
) {
	await page.goto('/signup');
	await page.getByLabel('E-mail').fill(email);
	await page.getByLabel('Display name').fill(displayName);
	await page.getByLabel('Password', { exact: true }).fill(password);
	if (teacher) await page.getByLabel(/I am a teacher/).check();
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByRole('link', { name: displayName })).toBeVisible();
	return { email, displayName, password };
}

export async function signIn(page: Page, identifier: string, password = PASSWORD) {
	await page.goto('/login');
	await page.getByLabel('E-mail or username').fill(identifier);
	await page.getByLabel('Password', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Runs SQL against the e2e server's database (for setting up roles the UI grants only to admins). */
export async function sql(statement: string, args: (string | number | null)[] = []) {
	const client = createClient({ url: E2E_DATABASE_URL, timeout: 10_000 });
	try {
		return await client.execute({ sql: statement, args });
	} finally {
		client.close();
	}
}

export async function setRole(email: string, role: 'learner' | 'teacher' | 'moderator' | 'admin') {
	await sql('UPDATE users SET role = ? WHERE email = ?', [role, email]);
}

/** The session cookie's name (src/lib/server/auth/session.ts). */
export const SESSION_COOKIE = 'lectern_session';

/** The session cookie a browser context holds, if any. */
export async function sessionCookie(context: BrowserContext) {
	return (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
}

/** Signs out through the header's button; the page ends signed out. */
export async function signOut(page: Page) {
	await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();
}

/** Signs up a user in `page` and makes them an admin (the first admin's password is unknown to tests). */
export async function signUpAdmin(page: Page, options: Parameters<typeof signUp>[1] = {}) {
	const account = await signUp(page, { displayName: 'Test Admin', ...options });
	await setRole(account.email, 'admin');
	return account;
}
