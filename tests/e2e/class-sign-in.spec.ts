// Issue 10, item 6: a class address followed while signed out asks the visitor to sign in and
// brings them back to it (the class page and pages under it), with and without JavaScript; a
// signed-in stranger still gets the very 404 of a class that does not exist.
import { signedIn } from './support/actors';
import { randomUUID } from 'node:crypto';
import { expect, test } from './support/fixtures';
import { fillSignIn, hydrated, nextOf, person, teacherWithClass } from './support/people';

for (const js of [true, false]) {
	test(`a signed-out teacher who opens a class link signs in and is back on it (${js ? 'with' : 'without'} JavaScript)`, async ({
		browser
	}) => {
		const teacher = await teacherWithClass(browser, 'Bookmarked');
		const { cls, account } = teacher;
		for (const path of [`/classes/${cls.id}`, `/classes/${cls.id}/add-students`]) {
			const { context, page } = await person(browser, js);
			const response = await page.goto(path);
			await expect(page).toHaveURL((url) => url.pathname === '/login');
			expect(response!.status()).toBe(200);
			expect(nextOf(page)).toBe(path);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
			await expect(page.getByText('Sign in to continue to the page you opened.')).toBeVisible();
			if (js) await hydrated(page);
			await fillSignIn(page, account.email);
			await expect(page).toHaveURL((url) => url.pathname === path);
			await expect(page.getByRole('main')).toContainText(cls.name);
			await context.close();
		}
		await teacher.context.close();
	});
}

test('a class that does not exist also asks a signed-out visitor to sign in (nothing leaks)', async ({
	browser
}) => {
	const { context, page } = await person(browser, false);
	const missing = `/classes/${randomUUID()}`;
	await page.goto(missing);
	await expect(page).toHaveURL((url) => url.pathname === '/login');
	expect(nextOf(page)).toBe(missing);
	await context.close();
});

test('a signed-in stranger gets the same 404 for a class as for one that does not exist', async ({
	browser
}) => {
	const teacher = await teacherWithClass(browser, 'Private');
	const { context, page } = await person(browser, false);
	await signedIn(page, { displayName: 'Nosy Reader' });
	const theirs = await page.goto(`/classes/${teacher.cls.id}`);
	expect(theirs!.status()).toBe(404);
	const theirsText = await page.getByRole('main').innerText();
	const missing = await page.goto(`/classes/${randomUUID()}`);
	expect(missing!.status()).toBe(404);
	expect(await page.getByRole('main').innerText()).toBe(theirsText);
	expect(theirsText).not.toContain(teacher.cls.name);
	await context.close();
	await teacher.context.close();
});
