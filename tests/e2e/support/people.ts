// People and classes for the journeys of issue 10 (join links, password resets, signed-out class
// links): each person in a browser context of their own, a class made through its page.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import { hashPassword } from '../../../src/lib/server/auth/password';
import { actor, makeClass, makeUser } from './actors';
import { PASSWORD, expect, sql, uniqueAddress, uniqueEmail } from './fixtures';

/** A browser context of its own (its own client address, so per-address limits stay apart). */
export async function person(browser: Browser, javaScriptEnabled = true) {
	const context = await browser.newContext({
		javaScriptEnabled,
		extraHTTPHeaders: { 'X-Forwarded-For': uniqueAddress() }
	});
	return { context, page: await context.newPage() };
}

/** SvelteKit mounts its route announcer once the client has hydrated the page. */
export async function hydrated(page: Page) {
	await expect(page.locator('#svelte-announcer')).toBeAttached();
}

/**
 * A teacher (signed in within their own context) with a new class, its page open; its id, name
 * and join code. Made in the database: classes.spec.ts walks the form that creates a class.
 */
export async function teacherWithClass(browser: Browser, name = 'Class') {
	const teacher = await actor(browser, { role: 'teacher', displayName: 'Ms Teacher' });
	const cls = await makeClass(teacher.account.id, name);
	await teacher.page.goto(`/classes/${cls.id}`);
	return { ...teacher, cls };
}

/**
 * As teacherWithClass, for journeys that never use the teacher's browser: the teacher's account
 * and the class, made in the database, and no browser context.
 */
export async function teacherAndClass(name = 'Class') {
	const account = await makeUser({ role: 'teacher', displayName: 'Ms Teacher' });
	const cls = await makeClass(account.id, name);
	return { account, cls };
}

/** The one-time password of every student made by `studentAddedInDb` (one hash serves all). */
const ONE_TIME_PASSWORD = 'k3v9-p2x7-m4q8-t6w1';
let oneTimeHash: Promise<string> | undefined;

/**
 * A student added to a class by name, made in the database as the add-students form makes one
 * (a username, no e-mail, a one-time password to replace at first sign-in): for journeys about
 * what such a student does next (classes.spec.ts walks the form). Their username and password.
 */
export async function studentAddedInDb(classId: string, teacherId: string, name: string) {
	const username = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${randomUUID().slice(0, 6)}`;
	const id = randomUUID();
	oneTimeHash ??= hashPassword(ONE_TIME_PASSWORD);
	await sql(
		`INSERT INTO users (id, username, display_name, password_hash, role, must_change_password, created_by_id)
			VALUES (?, ?, ?, ?, 'learner', 1, ?)`,
		[id, username, name, await oneTimeHash, teacherId]
	);
	await sql('INSERT INTO class_members (class_id, user_id, joined_at) VALUES (?, ?, ?)', [
		classId,
		id,
		Date.now()
	]);
	return { id, username, oneTimePassword: ONE_TIME_PASSWORD };
}

/** Adds one student by name to a class from its teacher's page; their username and password. */
export async function addStudentByName(page: Page, classId: string, name: string) {
	await page.goto(`/classes/${classId}/add-students`);
	await hydrated(page);
	await page.getByLabel('Names, one per line').fill(name);
	await page.getByRole('button', { name: 'Create accounts' }).click();
	const row = page.getByRole('table').getByRole('row').nth(1);
	await expect(row).toBeVisible();
	const cells = row.getByRole('cell');
	return {
		username: (await cells.nth(0).textContent())!.trim(),
		oneTimePassword: (await cells.nth(1).textContent())!.trim()
	};
}

/** Fills and sends the sign-up form on the current /signup page. */
export async function fillSignUp(page: Page, displayName: string, email = uniqueEmail('student')) {
	await page.getByLabel('E-mail', { exact: true }).fill(email);
	await page.getByLabel('Display name').fill(displayName);
	await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
	await page.getByRole('button', { name: 'Create account' }).click();
	return { email, displayName, password: PASSWORD };
}

/** Fills and sends the sign-in form on the current /login page. */
export async function fillSignIn(page: Page, identifier: string, password = PASSWORD) {
	await page.getByLabel('E-mail or username').fill(identifier);
	await page.getByLabel('Password', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The `next` a page's address carries, decoded. */
export const nextOf = (page: Page) => new URL(page.url()).searchParams.get('next');
/** The path of a page's address. */
export const pathOf = (page: Page) => new URL(page.url()).pathname;
