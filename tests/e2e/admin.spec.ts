// Administration of accounts, end to end: who may open /admin, finding a user, changing a
// role, disabling (which ends the person's sessions at once) and re-enabling, ending
// sessions, the first admin's one-time password, and the page's accessibility.
import { actor, makeUser, signedIn } from './support/actors';
import type { Page } from '@playwright/test';
import { PASSWORD, expect, setRole, sql, test, uniqueEmail } from './support/fixtures';
import { fillSignIn } from './support/people';
import {
	headerOf,
	htmlAt,
	httpPerson,
	linkTexts,
	mainText,
	postForm,
	seeOther,
	textsOfRole
} from './support/admin-group';
import { expectNoAxeViolations } from './support/axe';

/** src/lib/server/auth/sign-in.ts */
const DISABLED = 'This account has been disabled. Ask an administrator for help.';

const banner = (page: Page) => page.getByRole('banner');
const alertIn = (page: Page) => page.getByRole('main').getByRole('alert');

/** The headings of a page's HTML, tags dropped. */
const headingTexts = (html: string) =>
	[...html.matchAll(/<h[1-6]\b[^>]*>([\s\S]*?)<\/h[1-6]>/g)].map((m) =>
		m[1]!.replace(/<[^>]*>/g, '').trim()
	);

/** A unique, searchable display name. */
const uniqueName = (first: string) => `${first} ${Math.random().toString(36).slice(2, 8)}`;

/** Searches the admin page's user list through its form (on the admin page open, if it is). */
async function search(page: Page, query: string) {
	if (new URL(page.url()).pathname !== '/admin') await page.goto('/admin');
	await page.getByLabel('Search by name, e-mail or username').fill(query);
	await page.getByRole('button', { name: 'Search', exact: true }).click();
	await expect(page).toHaveURL(`/admin?q=${encodeURIComponent(query).replace(/%20/g, '+')}`);
}

const usersTable = (page: Page) => page.getByRole('table', { name: /^Users/ });

test.describe('who may open /admin', () => {
	test('an anonymous visitor is sent to sign in, and comes back after', async ({ page }) => {
		const response = await page.request.get('/admin', { maxRedirects: 0 });
		expect(response.status()).toBe(303);
		await page.goto('/admin');
		await expect(page).toHaveURL('/login?next=%2Fadmin');

		const { email } = await makeUser({
			role: 'admin',
			displayName: 'Test Admin',
			email: uniqueEmail('admin')
		});
		await page.goto('/admin');
		await page.getByLabel('E-mail or username').fill(email);
		await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL('/admin');
		await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
	});

	test('a learner, a teacher and a moderator get a 403 page, and no admin link', async ({
		page,
		baseURL
	}) => {
		const { email, displayName } = await signedIn(page);
		// The learner in the browser…
		const response = (await page.goto('/admin'))!;
		expect(response.status(), 'learner').toBe(403);
		await expect(page.getByRole('main')).toContainText('You do not have access to this page.');
		await expect(page.getByRole('heading', { name: 'Administration' })).toHaveCount(0);
		await expect(banner(page).getByRole('link', { name: 'Admin', exact: true })).toHaveCount(0);
		// …the teacher and the moderator get the same page, read from its HTML.
		for (const role of ['teacher', 'moderator'] as const) {
			await setRole(email, role);
			const answer = await page.request.get('/admin');
			expect(answer.status(), role).toBe(403);
			const html = await answer.text();
			expect(mainText(html), role).toContain('You do not have access to this page.');
			expect(
				headingTexts(html).filter((h) => /administration/i.test(h)),
				role
			).toEqual([]);
			expect(linkTexts(headerOf(html)), role).toContain(displayName);
			expect(linkTexts(headerOf(html)), role).not.toContain('Admin');
		}
		// Nor can they act: the check lives on the server, for every action.
		const id = String((await sql('SELECT id FROM users WHERE email = ?', [email])).rows[0]!.id);
		const post = await page.request.post('/admin?/role', {
			form: { userId: id, role: 'admin' },
			headers: { Origin: new URL(baseURL!).origin, Accept: 'text/html' },
			maxRedirects: 0
		});
		expect(post.status()).toBe(403);
		const { rows } = await sql('SELECT role FROM users WHERE email = ?', [email]);
		expect(rows[0]?.role).toBe('moderator');
		await expect(banner(page).getByRole('link', { name: displayName })).toBeVisible();
	});

	test('an admin sees the page and the link to it', async ({ page }) => {
		await signedIn(page, { role: 'admin', displayName: 'Test Admin' });
		await page.goto('/');
		await banner(page).getByRole('link', { name: 'Admin', exact: true }).click();
		await expect(page).toHaveURL('/admin');
		await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
		await expect(usersTable(page)).toBeVisible();
	});
});

test.describe('managing users', () => {
	test('search finds a user by name', async ({ page }) => {
		const name = uniqueName('Findable');
		const person = await makeUser({ displayName: name });
		await signedIn(page, { role: 'admin', displayName: 'Test Admin' });

		await search(page, name.split(' ')[1]!.toUpperCase());
		const rows = usersTable(page).locator('tbody tr');
		await expect(rows).toHaveCount(1);
		await expect(rows.first().getByRole('rowheader')).toHaveText(name);
		await expect(rows.first()).toContainText(person.email);

		await search(page, 'no such person at all');
		await expect(rows).toHaveCount(1);
		await expect(rows.first()).toHaveText('No users match.');
	});

	test('an admin changes a role, and the person has it on their next request', async ({ page }) => {
		const name = uniqueName('Promoted');
		const person = await httpPerson(name);
		await signedIn(page, { role: 'admin', displayName: 'Test Admin' });
		await search(page, name);
		const row = usersTable(page).locator('tbody tr', { hasText: person.email });
		await row.getByLabel(`Role of ${name}`).selectOption('Teacher');
		await row.getByRole('button', { name: `Set role of ${name}` }).click();
		await page.getByRole('button', { name: `Yes, make ${name} a Teacher` }).click();
		await expect(page.getByRole('table', { name: 'Audit log' })).toContainText(
			`Changed the role of ${name} to Teacher`
		);

		await page.reload();
		await expect(row.getByLabel(`Role of ${name}`)).toHaveValue('teacher');
		// Their next request (their own session, over HTTP) has it.
		expect(mainText(await htmlAt(person.http, '/account'))).toContain(`${person.email} · Teacher`);
		await person.http.dispose();
	});

	test('disabling a user ends their open session and keeps them out until re-enabled', async ({
		page,
		browser
	}) => {
		test.setTimeout(60_000); // on a loaded machine this outlasts the default 30 s
		const name = uniqueName('Disabled');
		const person = await actor(browser, { displayName: name });
		const { email } = person.account;
		// Their session is open: /account answers them.
		const open = await person.context.request.get('/account', { maxRedirects: 0 });
		expect(open.status()).toBe(200);

		await signedIn(page, { role: 'admin', displayName: 'Test Admin' });
		await search(page, name);
		const row = usersTable(page).locator('tbody tr', { hasText: email });
		await expect(row).toContainText('Active');
		await row.getByRole('button', { name: `Disable ${name}` }).click();
		await expect(row).toContainText('Disabled');
		await expect(row.getByRole('button', { name: `Re-enable ${name}` })).toBeVisible();

		// Their browser is signed out on its next request, and its cookie is cleared.
		await person.page.goto('/account');
		await expect(person.page).toHaveURL('/login?next=%2Faccount');
		await expect(banner(person.page).getByRole('link', { name: 'Sign in' })).toBeVisible();
		expect((await person.context.cookies()).some((c) => c.name === 'lectern_session')).toBeFalsy();

		// They cannot sign in; the message is the same whatever the password, so it confirms no
		// guess. A wrong password, posted as the form posts it:
		const wrong = await postForm(person.context.request, '/login', {
			identifier: email,
			password: 'a wrong password for sure'
		});
		expect(textsOfRole(await wrong.text(), 'alert')).toEqual([DISABLED]);
		expect(wrong.headers()['set-cookie'] ?? '').not.toContain('lectern_session');
		// …and the right one, in the browser, from the sign-in page it was sent to:
		await fillSignIn(person.page, email);
		await expect(alertIn(person.page)).toHaveText(DISABLED);
		await expect(banner(person.page).getByRole('link', { name })).toHaveCount(0);

		await row.getByRole('button', { name: `Re-enable ${name}` }).click();
		await expect(row).toContainText('Active');
		await fillSignIn(person.page, email);
		await expect(banner(person.page).getByRole('link', { name })).toBeVisible();
		await person.context.close();
	});

	test('ending a user’s sessions signs them out everywhere', async ({ page }) => {
		const name = uniqueName('Ended');
		// Their browser's requests, over HTTP: redirects and cookies are all there is to see.
		const person = await httpPerson(name);
		await signedIn(page, { role: 'admin', displayName: 'Test Admin' });
		await search(page, name);
		const row = usersTable(page).locator('tbody tr', { hasText: person.email });
		await row.getByRole('button', { name: `End sessions of ${name}` }).click();
		await expect(page.getByRole('table', { name: 'Audit log' })).toContainText(
			`Ended every session of ${name}`
		);
		expect(seeOther(await person.http.get('/account', { maxRedirects: 0 }))).toBe(
			'/login?next=%2Faccount'
		);
		// Not disabled: they may sign in again.
		const again = await postForm(person.http, '/login', {
			identifier: person.email,
			password: PASSWORD
		});
		expect(seeOther(again)).toBe('/');
		expect(again.headers()['set-cookie']).toContain('lectern_session=');
		expect(linkTexts(headerOf(await htmlAt(person.http, '/')))).toContain(name);
		await person.http.dispose();
	});

	test('an admin cannot disable or demote themself', async ({ page }) => {
		const { email } = await signedIn(page, { role: 'admin', displayName: uniqueName('Self') });
		await search(page, email);
		const row = usersTable(page).locator('tbody tr', { hasText: email });
		await expect(row).toContainText('Administrator (you)');
		await expect(row.getByRole('button')).toHaveCount(0);
	});
});

test.describe('the first admin', () => {
	test('is created on a new database and must choose a new password at first sign-in', async () => {
		const { rows } = await sql(
			'SELECT role, must_change_password AS m, password_hash AS h FROM users WHERE email = ?',
			['admin@lectern.local']
		);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ role: 'admin', m: 1 });
		expect(String(rows[0]!.h)).toMatch(/^\$argon2id\$/);
	});
});

test.describe('accessibility', () => {
	test('/admin passes axe, with search results and with none', async ({ page }) => {
		test.setTimeout(60_000); // on a loaded machine this outlasts the default 30 s
		const name = uniqueName('Axe');
		await makeUser({ displayName: name });
		await signedIn(page, { role: 'admin', displayName: 'Test Admin' });
		await search(page, name);
		await expect(usersTable(page).locator('tbody tr')).toHaveCount(1);
		await expectNoAxeViolations(page);
		await search(page, 'no such person at all');
		await expectNoAxeViolations(page);
	});
});
