// A teacher closing a class without JavaScript: the account page names the classes that stop
// a deletion, the class page archives (read-only) and hands over, and axe finds nothing on
// the account page, the archived class or the class list.
import type { Browser, BrowserContext } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { makeClass, signedIn } from './support/actors';
import { PASSWORD, expect, sql, test, uniqueAddress } from './support/fixtures';

/** A teacher in a browser context of their own, with JavaScript off. */
async function teacher(browser: Browser, name: string) {
	const context = await browser.newContext({
		javaScriptEnabled: false,
		extraHTTPHeaders: { 'X-Forwarded-For': uniqueAddress() }
	});
	const page = await context.newPage();
	const account = await signedIn(page, { displayName: name, role: 'teacher' });
	return { context, page, ...account };
}

/**
 * axe needs script: it looks at the same pages in a JavaScript context with the same session,
 * one context for all of a test's checks (`check(path)`; `close()` when done).
 */
async function axeAs(browser: Browser, context: BrowserContext) {
	const withScript = await browser.newContext({ storageState: await context.storageState() });
	const page = await withScript.newPage();
	return {
		async check(path: string) {
			await page.goto(path);
			await expectNoAxeViolations(page);
		},
		close: () => withScript.close()
	};
}

/** A teacher (JavaScript off) with a class of their own, archived when asked. */
async function teacherWithClass(browser: Browser, name: string, { archived = false } = {}) {
	const who = await teacher(browser, name);
	const cls = await makeClass(who.id, 'Closing class');
	if (archived) await sql('UPDATE classes SET archived_at = ? WHERE id = ?', [Date.now(), cls.id]);
	return { ...who, cls };
}

test('a teacher who still teaches a class cannot delete their account; the page names the class', async ({
	browser
}) => {
	const first = await teacherWithClass(browser, 'Leaving Teacher');
	const { page, cls } = first;
	await page.goto('/account');
	const deletion = page.locator('form[action="?/delete"]');
	await expect(deletion.getByRole('link', { name: cls.name })).toHaveAttribute(
		'href',
		`/classes/${cls.id}/settings`
	);
	await deletion.getByLabel('Password').fill(PASSWORD);
	await deletion.getByLabel('I understand that this deletes my account for good').check();
	await deletion.getByRole('button', { name: 'Delete my account' }).click();
	await expect(page.getByRole('alert')).toContainText(`You still teach “${cls.name}”`);
	const axe = await axeAs(browser, first.context);
	await axe.check('/account');
	await axe.close();
	await first.context.close();
});

test('an archived class is read-only and says so, on every room and the class list', async ({
	browser
}) => {
	test.setTimeout(60_000);
	const first = await teacherWithClass(browser, 'Archiving Teacher');
	const { page, cls } = first;
	await page.goto(`/classes/${cls.id}/settings`);
	await page.getByLabel(`I want to archive “${cls.name}”`).check();
	await page.getByRole('button', { name: 'Archive the class' }).click();
	await expect(page.getByRole('status')).toContainText('The class is archived');
	await expect(page.getByRole('button', { name: 'Restore the class' })).toBeVisible();
	const axe = await axeAs(browser, first.context);
	await axe.check(`/classes/${cls.id}`);
	await page.goto(`/classes/${cls.id}/settings`);
	await expect(page.getByRole('button', { name: 'Hand over the class' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Save settings' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Archive the class' })).toHaveCount(0);
	await axe.check(`/classes/${cls.id}/settings`);
	await page.goto(`/classes/${cls.id}/students`);
	await expect(page.getByRole('heading', { name: /^Students/ })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Add students by name' })).toHaveCount(0);
	await page.goto(`/classes/${cls.id}/assignments`);
	await expect(page.getByRole('heading', { name: 'Assignments', exact: true })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'New assignment' })).toHaveCount(0);

	// Archived classes do not stop a deletion: they go to the site's administrators.
	await page.goto('/account');
	await expect(page.locator('form[action="?/delete"]')).toContainText(
		'goes to the site’s administrators'
	);
	await page.goto('/classes');
	await expect(page.getByText('Archived', { exact: true })).toBeVisible();
	await axe.check('/classes');
	await axe.close();
	await first.context.close();
});

test('an archived class is handed over to another teacher, who brings it back into use', async ({
	browser
}) => {
	const first = await teacherWithClass(browser, 'Handing Teacher', { archived: true });
	const next = await teacher(browser, 'Next Teacher');
	const { page, cls } = first;
	// A mistyped name is refused beside the field; the right one goes through.
	await page.goto(`/classes/${cls.id}/settings`);
	const handOver = page.locator('form[action="?/handOver"]');
	await handOver.getByLabel('The teacher’s e-mail address or username').fill('nobody@example.org');
	await handOver.getByLabel(`I want to hand “${cls.name}” over`).check();
	await handOver.getByRole('button', { name: 'Hand over the class' }).click();
	await expect(
		page.locator('form[action="?/handOver"]').getByLabel('The teacher’s e-mail address or username')
	).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByText('No teacher has that e-mail address or username')).toBeVisible();
	const retry = page.locator('form[action="?/handOver"]');
	await retry.getByLabel('The teacher’s e-mail address or username').fill(next.email);
	await retry.getByLabel(`I want to hand “${cls.name}” over`).check();
	await retry.getByRole('button', { name: 'Hand over the class' }).click();
	await expect(page).toHaveURL(/\/classes\?handedOver=1$/);
	await expect(page.getByRole('status')).toContainText('The class is handed over');
	expect((await page.request.get(`/classes/${cls.id}`)).status()).toBe(404);

	// The new teacher has it, archived, and can bring it back into use.
	await next.page.goto(`/classes/${cls.id}`);
	await next.page.getByRole('button', { name: 'Restore the class' }).click();
	await expect(next.page.getByRole('status')).toContainText('The class is restored');
	await next.page.goto(`/classes/${cls.id}/settings`);
	await expect(next.page.getByRole('button', { name: 'Save settings' })).toBeVisible();

	await first.context.close();
	await next.context.close();
});
