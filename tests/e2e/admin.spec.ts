// Administration of accounts, end to end: who may open /admin, finding a user, changing a
// role, disabling (which ends the person's sessions at once) and re-enabling, ending
// sessions, the first admin's one-time password, and the page's accessibility.
import { signedIn } from './support/actors';
import type { Browser, Page } from '@playwright/test';
import { PASSWORD, expect, setRole, signIn, sql, test, uniqueEmail } from './support/fixtures';
import { expectNoAxeViolations } from './support/axe';

/** src/lib/server/auth/sign-in.ts */
const DISABLED = 'This account has been disabled. Ask an administrator for help.';

const banner = (page: Page) => page.getByRole('banner');
const alertIn = (page: Page) => page.getByRole('main').getByRole('alert');

/** A unique, searchable display name. */
const uniqueName = (first: string) => `${first} ${Math.random().toString(36).slice(2, 8)}`;

/** A second person in their own browser, signed up and signed in. */
async function otherPerson(browser: Browser, displayName: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	const account = await signedIn(page, { displayName });
	return { context, page, ...account };
}

/** Searches the admin page's user list through its form. */
async function search(page: Page, query: string) {
	await page.goto('/admin');
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

		const { email } = await signedIn(page, {
			role: 'admin',
			displayName: 'Test Admin',
			email: uniqueEmail('admin')
		});
		await page.context().clearCookies();
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
		for (const role of ['learner', 'teacher', 'moderator'] as const) {
			await setRole(email, role);
			const response = (await page.goto('/admin'))!;
			expect(response.status(), role).toBe(403);
			await expect(page.getByRole('main')).toContainText('You do not have access to this page.');
			await expect(page.getByRole('heading', { name: 'Administration' })).toHaveCount(0);
			await expect(banner(page).getByRole('link', { name: 'Admin', exact: true })).toHaveCount(0);
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
	test('search finds a user by name', async ({ page, browser }) => {
		const name = uniqueName('Findable');
		const person = await otherPerson(browser, name);
		await person.context.close();
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

	test('an admin changes a role, and the person has it on their next request', async ({
		page,
		browser
	}) => {
		const name = uniqueName('Promoted');
		const person = await otherPerson(browser, name);
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
		await person.page.goto('/account');
		await expect(person.page.getByRole('main')).toContainText(`${person.email} · Teacher`);
		await person.context.close();
	});

	test('disabling a user ends their open session and keeps them out until re-enabled', async ({
		page,
		browser
	}) => {
		const name = uniqueName('Disabled');
		const person = await otherPerson(browser, name);
		await person.page.goto('/account');
		await expect(person.page).toHaveURL('/account');

		await signedIn(page, { role: 'admin', displayName: 'Test Admin' });
		await search(page, name);
		const row = usersTable(page).locator('tbody tr', { hasText: person.email });
		await expect(row).toContainText('Active');
		await row.getByRole('button', { name: `Disable ${name}` }).click();
		await expect(row).toContainText('Disabled');
		await expect(row.getByRole('button', { name: `Re-enable ${name}` })).toBeVisible();

		// Their browser is signed out on its next request, and its cookie is cleared.
		await person.page.reload();
		await expect(person.page).toHaveURL('/login?next=%2Faccount');
		await expect(banner(person.page).getByRole('link', { name: 'Sign in' })).toBeVisible();
		expect((await person.context.cookies()).some((c) => c.name === 'lectern_session')).toBeFalsy();

		// They cannot sign in; the message is the same whatever the password, so it confirms no guess.
		await signIn(person.page, person.email, 'a wrong password for sure');
		await expect(alertIn(person.page)).toHaveText(DISABLED);
		await signIn(person.page, person.email);
		await expect(alertIn(person.page)).toHaveText(DISABLED);
		await expect(banner(person.page).getByRole('link', { name })).toHaveCount(0);

		await row.getByRole('button', { name: `Re-enable ${name}` }).click();
		await expect(row).toContainText('Active');
		await signIn(person.page, person.email);
		await expect(banner(person.page).getByRole('link', { name })).toBeVisible();
		await person.context.close();
	});

	test('ending a user’s sessions signs them out everywhere', async ({ page, browser }) => {
		const name = uniqueName('Ended');
		const person = await otherPerson(browser, name);
		await signedIn(page, { role: 'admin', displayName: 'Test Admin' });
		await search(page, name);
		const row = usersTable(page).locator('tbody tr', { hasText: person.email });
		await row.getByRole('button', { name: `End sessions of ${name}` }).click();
		await expect(page.getByRole('table', { name: 'Audit log' })).toContainText(
			`Ended every session of ${name}`
		);
		await person.page.goto('/account');
		await expect(person.page).toHaveURL('/login?next=%2Faccount');
		// Not disabled: they may sign in again.
		await signIn(person.page, person.email);
		await expect(banner(person.page).getByRole('link', { name })).toBeVisible();
		await person.context.close();
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
	test('/admin passes axe, with search results and with none', async ({ page, browser }) => {
		const name = uniqueName('Axe');
		const person = await otherPerson(browser, name);
		await person.context.close();
		await signedIn(page, { role: 'admin', displayName: 'Test Admin' });
		await search(page, name);
		await expect(usersTable(page).locator('tbody tr')).toHaveCount(1);
		await expectNoAxeViolations(page);
		await search(page, 'no such person at all');
		await expectNoAxeViolations(page);
	});
});
