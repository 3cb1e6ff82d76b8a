// Issue 10, item 10 and the phone layout: the audit logs of /admin and /moderation speak words
// (one describer serves both), an article import is logged, a role change is confirmed before
// it happens (with and without JavaScript), and neither page scrolls sideways at 320–390 px.
import { randomUUID } from 'node:crypto';
import { makeUser, signedIn } from './support/actors';
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { hydrated } from './support/discussion';
import { httpPerson, writePostOverHttp } from './support/admin-group';
import { expect, sql, test } from './support/fixtures';

const uniqueName = (first: string) => `${first} ${randomUUID().slice(0, 6)}`;
const usersTable = (page: Page) => page.getByRole('table', { name: /^Users/ });
const auditTable = (page: Page) => page.getByRole('table', { name: /^Audit log/ });

/** Someone made in the database: the admin pages only list them. */
const otherPerson = (displayName: string) => makeUser({ displayName });

async function roleOf(email: string) {
	const { rows } = await sql('SELECT role FROM users WHERE email = ?', [email]);
	return rows[0]!.role;
}

for (const js of [true, false]) {
	test.describe(js ? 'with JavaScript' : 'without JavaScript', () => {
		test.use({ javaScriptEnabled: js });

		test('a role change asks for confirmation, then is logged in words', async ({ page }) => {
			test.setTimeout(60_000);
			const name = uniqueName('Promoted');
			const person = await otherPerson(name);
			await signedIn(page, { role: 'admin', displayName: 'Test Admin' });
			await page.goto(`/admin?q=${encodeURIComponent(name)}`);
			if (js) await hydrated(page);
			const row = usersTable(page).locator('tbody tr', { hasText: person.email });
			await row.getByLabel(`Role of ${name}`).selectOption('Moderator');
			await row.getByRole('button', { name: `Set role of ${name}` }).click();

			// Nothing changes yet: the page says what the new role means and asks.
			const confirm = page.getByRole('region', { name: `Change the role of ${name}?` });
			await expect(confirm).toContainText('From Learner to Moderator.');
			await expect(confirm).toContainText('Moderators work the report queue');
			expect(await roleOf(person.email)).toBe('learner');

			// Cancel leaves it as it was.
			await confirm.getByRole('link', { name: 'Cancel' }).click();
			await expect(page.getByRole('region', { name: /Change the role of/ })).toHaveCount(0);
			expect(await roleOf(person.email)).toBe('learner');

			await row.getByLabel(`Role of ${name}`).selectOption('Moderator');
			await row.getByRole('button', { name: `Set role of ${name}` }).click();
			await page
				.getByRole('region', { name: `Change the role of ${name}?` })
				.getByRole('button', { name: `Yes, make ${name} a Moderator` })
				.click();
			await expect(page.getByRole('status')).toHaveText(`${name} is now a Moderator.`);
			expect(await roleOf(person.email)).toBe('moderator');

			await expect(auditTable(page)).toContainText(`Changed the role of ${name} to Moderator`);
			await expect(auditTable(page)).not.toContainText('user.role');
		});
	});
}

test('imports from /admin are logged, and the logs of /admin and /moderation read the same words', async ({
	page
}) => {
	test.setTimeout(90_000);
	// A post hidden by a moderator, for the moderation log.
	const author = await httpPerson(uniqueName('Logged Author'));
	const postId = await writePostOverHttp(author.http, 3, uniqueName('To be hidden'));
	await author.http.dispose();
	const admin = await signedIn(page, { role: 'admin', displayName: uniqueName('Log Admin') });
	const why = uniqueName('Spam');
	await page.goto(
		`/lessons/declassified-putin-bush-talks-surface-tensions-over-nato-ukraine/discuss/3/post/${postId}`
	);
	await hydrated(page);
	const box = page.locator(`[id="post-${postId}"] > article`);
	await box.getByText(`Hide post by ${author.displayName}`, { exact: true }).click();
	await box.getByLabel('Reason for hiding (the author sees it)').fill(why);
	await box.getByRole('button', { name: 'Hide post' }).click();
	await expect(page.getByRole('status')).toHaveText(
		'The post is hidden. Its author sees your reason.'
	);

	// An import, from the admin page's form.
	const title = uniqueName('Logged Import');
	const article = [
		title,
		'Table of Contents',
		`- 1. ${title}`,
		'- 2. Details',
		'An introduction that says what the article is about.',
		'Details',
		'A paragraph of details.'
	].join('\n');
	await page.goto('/admin');
	await hydrated(page);
	await page.getByLabel('Article file (plain UTF-8 text)').setInputFiles({
		name: 'logged.txt',
		mimeType: 'text/plain',
		buffer: Buffer.from(article)
	});
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(page.getByRole('status')).toContainText('Imported');
	// Keep the shared server's published list as it was.
	await sql("UPDATE articles SET status = 'draft' WHERE title = ?", [title]);

	await page.goto('/admin');
	const log = auditTable(page);
	const imported = log.getByRole('row').filter({ hasText: title });
	await expect(imported).toContainText(`Imported “${title}” new article`);
	await expect(imported).toContainText(admin.displayName);
	await expect(imported.getByRole('link', { name: `“${title}”` })).toHaveAttribute(
		'href',
		/^\/lessons\//
	);
	const hid = log.getByRole('row').filter({ hasText: why });
	await expect(hid).toContainText(`Hid a post by ${author.displayName}`);
	await expect(hid.getByRole('link', { name: `a post by ${author.displayName}` })).toHaveAttribute(
		'href',
		new RegExp(`/post/${postId}$`)
	);
	await expect(log).not.toContainText(postId.slice(0, 8));

	await page.goto('/moderation');
	const modRow = page.getByRole('table').getByRole('row').filter({ hasText: why });
	await expect(modRow).toContainText(`Hid a post by ${author.displayName}`);
	await expect(modRow).not.toContainText(postId.slice(0, 8));
});

test.describe('on a phone', () => {
	test('/admin and /moderation do not scroll sideways at 320 or 390 px', async ({ page }) => {
		test.setTimeout(90_000);
		// Data in every table: people with long names and addresses, a teacher request, a
		// moderation entry with a long reason.
		for (let i = 0; i < 2; i++)
			await otherPerson(uniqueName(`Maximiliana Wolfeschlegelsteinhausen ${i}`));
		const asker = await otherPerson(uniqueName('Asking Teacher'));
		await sql('UPDATE users SET teacher_requested_at = ? WHERE email = ?', [
			Date.now(),
			asker.email
		]);
		const author = await httpPerson(uniqueName('Phone Author'));
		const postId = await writePostOverHttp(author.http, 3, uniqueName('Phone post'));
		await author.http.dispose();
		await signedIn(page, { role: 'admin', displayName: 'Test Admin' });
		await sql(
			"INSERT INTO audit_log (id, actor_id, actor_name, action, target_type, target_id, reason, created_at) VALUES (?, NULL, 'A moderator with a rather long display name', 'hide', 'post', ?, ?, ?)",
			[
				randomUUID(),
				postId,
				'A long reason that goes on and on to see that it wraps instead of being cut off at the edge',
				Date.now()
			]
		);

		for (const path of ['/admin', '/moderation']) {
			await page.setViewportSize({ width: 320, height: 800 });
			await page.goto(path);
			await hydrated(page);
			await expect(page.getByRole('table').first()).toBeVisible();
			for (const width of [320, 390]) {
				await page.setViewportSize({ width, height: 800 });
				const { scrollWidth, clientWidth } = await page.evaluate(() => ({
					scrollWidth: document.documentElement.scrollWidth,
					clientWidth: document.documentElement.clientWidth
				}));
				expect(scrollWidth, `${path} at ${width} px`).toBeLessThanOrEqual(clientWidth);
				// Nothing in a table is cut: every cell fits inside the page.
				const cut = await page.evaluate(() =>
					[...document.querySelectorAll('table td, table th')]
						.filter((cell) => {
							const box = cell.getBoundingClientRect();
							return box.width > 0 && box.right > document.documentElement.clientWidth + 1;
						})
						.map((cell) => cell.textContent?.trim().slice(0, 40))
				);
				expect(cut, `${path} at ${width} px`).toEqual([]);
			}
			await expectNoAxeViolations(page);
		}
	});
});
