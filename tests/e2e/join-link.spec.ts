// Issue 10, item 1: a join link keeps its class for a new student. Logged out, /join/<code>
// asks them to sign in; from there "Create an account" (and back to "Sign in") keeps the way
// back, the sign-up lands them on the join confirmation, and so does the one-time-password
// change of a student their teacher added by name. With and without JavaScript.
import type { Page } from '@playwright/test';
import { PASSWORD, expect, test } from './support/fixtures';
import {
	fillSignIn,
	fillSignUp,
	hydrated,
	nextOf,
	pathOf,
	person,
	studentAddedInDb,
	teacherAndClass
} from './support/people';

const NEW_PASSWORD = 'a different and calmer sea';

/** The join confirmation of a class: its name, and the button that joins. */
async function expectJoinConfirmation(page: Page, code: string, name: string) {
	// It follows a sign-up or a password change: an argon2 hash, slow on a busy machine.
	await expect(page).toHaveURL((url) => url.pathname === `/join/${code}`, { timeout: 20_000 });
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Join a class');
	await expect(page.getByRole('button', { name: `Join ${name}` })).toBeVisible();
}

/** Joins from the confirmation and lands in the class. */
async function join(page: Page, cls: { id: string; name: string }, js: boolean) {
	if (js) await hydrated(page);
	await page.getByRole('button', { name: `Join ${cls.name}` }).click();
	await expect(page).toHaveURL((url) => url.pathname === `/classes/${cls.id}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(cls.name);
}

for (const js of [true, false]) {
	const how = js ? 'with JavaScript' : 'without JavaScript';

	test(`a new student who follows a join link signs up and lands on the join confirmation (${how})`, async ({
		browser
	}) => {
		const { cls } = await teacherAndClass('Join link');
		const { context, page } = await person(browser, js);

		await page.goto(`/join/${cls.code}`);
		await expect(page).toHaveURL((url) => url.pathname === '/login');
		expect(nextOf(page)).toBe(`/join/${cls.code}`);

		// From sign-in to sign-up and back, the way to the class is kept.
		await page.getByRole('link', { name: 'Create an account' }).click();
		await expect(page).toHaveURL((url) => url.pathname === '/signup');
		expect(nextOf(page)).toBe(`/join/${cls.code}`);
		await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
		await expect(page).toHaveURL((url) => url.pathname === '/login');
		expect(nextOf(page)).toBe(`/join/${cls.code}`);
		await page.getByRole('link', { name: 'Create an account' }).click();
		// On the sign-up page before filling it: the sign-in page's "E-mail or username" also
		// answers to "E-mail", and on a busy machine the fill could land there (then the sign-up
		// went out without its e-mail, and stayed on the form).
		await expect(page).toHaveURL((url) => url.pathname === '/signup');
		if (js) await hydrated(page);
		await fillSignUp(page, `New Student ${js ? 'js' : 'nojs'}`);
		await expectJoinConfirmation(page, cls.code, cls.name);
		await join(page, cls, js);

		await context.close();
	});

	test(`a sign-up refused once keeps the way to the class (${how})`, async ({ browser }) => {
		const { cls } = await teacherAndClass('Second try');
		const { context, page } = await person(browser, js);
		await page.goto(`/signup?next=${encodeURIComponent(`/join/${cls.code}`)}`);
		if (js) await hydrated(page);
		// Too short a password: the form comes back, and the next try still leads to the class.
		await page.getByLabel('E-mail').fill(`second-${Date.now()}-${js}@example.org`);
		await page.getByLabel('Display name').fill('Second Try');
		await page.getByLabel('Password', { exact: true }).fill('short');
		await page.getByRole('button', { name: 'Create account' }).click();
		await expect(page.getByText('Use at least 8 characters.')).toBeVisible();
		await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
		await page.getByRole('button', { name: 'Create account' }).click();
		await expectJoinConfirmation(page, cls.code, cls.name);
		await context.close();
	});

	test(`a student added by name who follows a join link changes the one-time password and lands on the join confirmation (${how})`, async ({
		browser
	}) => {
		// Added by name to one class (in the database: classes.spec.ts walks that form)...
		const first = await teacherAndClass('Home room');
		const { username, oneTimePassword } = await studentAddedInDb(
			first.cls.id,
			first.account.id,
			`Kim Lee ${js ? 'a' : 'b'}`
		);
		// ...they follow the join link of another.
		const { cls } = await teacherAndClass('Chess club');
		const { context, page } = await person(browser, js);

		await page.goto(`/join/${cls.code}`);
		await expect(page).toHaveURL((url) => url.pathname === '/login');
		if (js) await hydrated(page);
		await fillSignIn(page, username, oneTimePassword);
		// The one-time password must go first; the way to the class waits.
		await expect(page).toHaveURL((url) => url.pathname === '/account');
		expect(nextOf(page)).toBe(`/join/${cls.code}`);
		await expect(page.getByRole('main').getByRole('alert')).toContainText('one-time password');

		if (js) await hydrated(page);
		await page.getByLabel('Current password').fill(oneTimePassword);
		await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
		await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
		await page.getByRole('button', { name: 'Change password' }).click();
		await expectJoinConfirmation(page, cls.code, cls.name);
		await join(page, cls, js);
		expect(pathOf(page)).toBe(`/classes/${cls.id}`);

		await context.close();
	});
}

test('a student already signed in with a one-time password keeps the join link through the password change', async ({
	browser
}) => {
	const first = await teacherAndClass('Form 2');
	const { username, oneTimePassword } = await studentAddedInDb(
		first.cls.id,
		first.account.id,
		'Ali Musa'
	);
	const second = await teacherAndClass('Drama');
	const { context, page } = await person(browser);
	await page.goto('/login');
	await fillSignIn(page, username, oneTimePassword);
	await expect(page).toHaveURL((url) => url.pathname === '/account');
	expect(nextOf(page)).toBeNull();

	// Signed in, the join link meets the password gate, which keeps it.
	await page.goto(`/join/${second.cls.code}`);
	await expect(page).toHaveURL((url) => url.pathname === '/account');
	expect(nextOf(page)).toBe(`/join/${second.cls.code}`);
	await hydrated(page);
	await page.getByLabel('Current password').fill(oneTimePassword);
	await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
	await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
	await page.getByRole('button', { name: 'Change password' }).click();
	await expectJoinConfirmation(page, second.cls.code, second.cls.name);
	await context.close();
});

test('an off-site next on the sign-up page leads home, not away', async ({ browser }) => {
	const { context, page } = await person(browser, false);
	await page.goto(`/signup?next=${encodeURIComponent('//evil.example/join')}`);
	// The link to sign in carries only a next that stays on the site.
	await expect(page.getByRole('main').getByRole('link', { name: 'Sign in' })).toHaveAttribute(
		'href',
		'/login'
	);
	await fillSignUp(page, 'Careful Reader');
	await expect(page).toHaveURL((url) => url.pathname === '/' && url.hostname === 'localhost');
	await context.close();
});
