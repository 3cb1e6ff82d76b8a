// Issue 10, item 5, the e-mail path: a server of its own with SMTP_URL and MAIL_FROM pointing at
// a real SMTP server this spec starts (smtp-server, on a free port, with a password). "Forgot
// password?" on /login sends a link; the link sets a new password once, ends the account's
// sessions, and then (used, or expired) says so plainly. An address without an account gets
// the same answer and no mail. With and without JavaScript.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import type { Browser, Page } from '@playwright/test';
import {
	prepareBuild,
	startServer,
	type LecternServer,
	type PrivateBuild
} from '../integration/support/server';
import { resetLinkIn, startSmtp, type TestSmtp } from '../integration/support/smtp';
import { hashPassword } from '../../src/lib/server/auth/password';
import { generateToken, hashToken, SESSION_LIFETIME_MS } from '../../src/lib/server/auth/token';
import { expectNoAxeViolations } from './support/axe';
import {
	PASSWORD,
	SESSION_COOKIE,
	expect,
	test,
	uniqueAddress,
	uniqueEmail
} from './support/fixtures';
import { fillSignIn, hydrated } from './support/people';

const NEW_PASSWORD = 'a brand new morning song';
const ANSWER = 'If an account has this e-mail, a link is on its way.';

test.describe.configure({ mode: 'serial' });

let smtp: TestSmtp;
let build: PrivateBuild;
let server: LecternServer;
let dir: string;

// eslint-disable-next-line no-empty-pattern -- Playwright reads a hook's fixtures from this pattern
test.beforeAll(async ({}, testInfo) => {
	testInfo.setTimeout(600_000);
	smtp = await startSmtp();
	build = prepareBuild();
	dir = mkdtempSync(join(tmpdir(), 'lectern-mail-'));
	server = await startServer({
		build,
		databaseUrl: `file:${join(dir, 'lectern.db')}`,
		env: {
			SMTP_URL: smtp.url,
			MAIL_FROM: 'Lectern <lectern@example.org>',
			ADDRESS_HEADER: 'x-forwarded-for'
		},
		timeoutMs: 60_000
	});
});

test.afterAll(async () => {
	await server?.stop();
	await smtp?.close();
	build?.remove();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

async function visitor(browser: Browser, javaScriptEnabled = true) {
	const context = await browser.newContext({
		baseURL: server.url,
		javaScriptEnabled,
		extraHTTPHeaders: { 'X-Forwarded-For': uniqueAddress() }
	});
	return { context, page: await context.newPage() };
}

const banner = (page: Page) => page.getByRole('banner');

/** Runs SQL against this spec's own server's database. */
async function sqlHere(statement: string, args: (string | number)[]) {
	const client = createClient({ url: `file:${join(dir, 'lectern.db')}`, timeout: 10_000 });
	try {
		return await client.execute({ sql: statement, args });
	} finally {
		client.close();
	}
}

let passwordHash: Promise<string> | undefined;
/**
 * Someone with an account (the shared test password), made in this server's database as sign-up
 * makes one (auth.spec.ts walks the sign-up form); their id.
 */
async function accountHere(email: string, displayName: string) {
	const id = randomUUID();
	passwordHash ??= hashPassword(PASSWORD);
	await sqlHere(
		'INSERT INTO users (id, email, display_name, password_hash, role) VALUES (?, ?, ?, ?, ?)',
		[id, email, displayName, await passwordHash, 'learner']
	);
	return id;
}

/** Someone signed in on a device of their own (a session and its cookie, as sign-in makes). */
async function signedInHere(browser: Browser, email: string, displayName: string) {
	const id = await accountHere(email, displayName);
	const token = generateToken();
	const expiresAt = Date.now() + SESSION_LIFETIME_MS;
	await sqlHere('INSERT INTO sessions (id, user_id, expires_at) VALUES (?, ?, ?)', [
		hashToken(token),
		id,
		expiresAt
	]);
	const device = await visitor(browser);
	await device.context.addCookies([
		{
			name: SESSION_COOKIE,
			value: token,
			url: server.url,
			httpOnly: true,
			sameSite: 'Lax',
			expires: Math.floor(expiresAt / 1000)
		}
	]);
	await device.page.goto('/');
	await expect(banner(device.page).getByRole('link', { name: displayName })).toBeVisible();
	return device;
}

/** From /login: "Forgot password?", the address, and the one answer. */
async function askForLink(page: Page, email: string, js: boolean) {
	await page.goto('/login');
	await page.getByRole('link', { name: 'Forgot password?' }).click();
	await expect(page).toHaveURL((url) => url.pathname === '/forgot');
	if (js) await hydrated(page);
	await page.getByLabel('E-mail').fill(email);
	await page.getByRole('button', { name: 'Send the link' }).click();
	await expect(page.getByRole('main').getByRole('status')).toHaveText(ANSWER);
}

for (const js of [true, false]) {
	test(`a forgotten password comes back through an e-mailed link, once (${js ? 'with' : 'without'} JavaScript)`, async ({
		browser
	}) => {
		// Someone with an account, signed in on one device.
		const email = uniqueEmail('forgetful');
		const laptop = await signedInHere(browser, email, 'Forgetful Reader');

		const { context, page } = await visitor(browser, js);
		await askForLink(page, email, js);
		// axe runs in the page: only where script does.
		if (js) await expectNoAxeViolations(page);
		const mail = await smtp.waitFor(email);
		expect(mail.from).toBe('lectern@example.org');
		const link = resetLinkIn(mail);
		expect(link.startsWith(`${server.url}/reset/`)).toBe(true);

		await page.goto(link);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
		if (js) await expectNoAxeViolations(page);
		if (js) await hydrated(page);
		// The password rules are the sign-up's.
		await page.getByLabel('New password', { exact: true }).fill('short');
		await page.getByLabel('Repeat the new password').fill('short');
		await page.getByRole('button', { name: 'Save the new password' }).click();
		await expect(page.getByText('Use at least 8 characters.')).toBeVisible();
		await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
		await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
		await page.getByRole('button', { name: 'Save the new password' }).click();
		await expect(page).toHaveURL((url) => url.pathname === '/login');
		await expect(page.getByRole('main').getByRole('status')).toHaveText(
			'Your new password is set. Sign in with it.'
		);

		// The laptop's session ended with the reset; the old password no longer works.
		await laptop.page.reload();
		await expect(banner(laptop.page).getByRole('link', { name: 'Sign in' })).toBeVisible();
		if (js) await hydrated(page);
		await fillSignIn(page, email, PASSWORD);
		await expect(page.getByRole('main').getByRole('alert')).toContainText('do not match');
		await fillSignIn(page, email, NEW_PASSWORD);
		await expect(banner(page).getByRole('link', { name: 'Forgetful Reader' })).toBeVisible();

		// The link worked once.
		await page.goto(link);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link no longer works');
		await expect(page.getByRole('main').getByRole('alert')).toHaveText(
			'This link has been used already: each link works once.'
		);
		await context.close();
		await laptop.context.close();
	});
}

test('an address without an account gets the same answer, and no mail', async ({ browser }) => {
	const { context, page } = await visitor(browser, false);
	const nobody = uniqueEmail('nobody');
	await askForLink(page, nobody, false);
	// A real account asked right after gets its mail; nothing ever went to the other address.
	const email = uniqueEmail('someone');
	await accountHere(email, 'Someone Real');
	await askForLink(page, email, false);
	await smtp.waitFor(email);
	expect(smtp.messages.filter((m) => m.to.includes(nobody))).toEqual([]);
	await context.close();
});

test('an expired link says so and offers a new one', async ({ browser }) => {
	const email = uniqueEmail('late');
	await accountHere(email, 'Late Reader');
	const { context, page } = await visitor(browser, false);
	await askForLink(page, email, false);
	const link = resetLinkIn(await smtp.waitFor(email));
	// Thirty minutes pass.
	await sqlHere(
		'UPDATE password_resets SET expires_at = ? WHERE user_id = (SELECT id FROM users WHERE email = ?)',
		[Date.now() - 1000, email]
	);
	await page.goto(link);
	await expect(page.getByRole('main').getByRole('alert')).toHaveText(
		'This link has expired: a link works for 30 minutes.'
	);
	await page.getByRole('link', { name: 'Ask for a new link' }).click();
	await expect(page).toHaveURL((url) => url.pathname === '/forgot');
	await context.close();
});
