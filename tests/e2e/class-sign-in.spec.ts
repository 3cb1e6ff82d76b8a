// Issue 10, item 6: a class address followed while signed out asks the visitor to sign in and
// brings them back to it (the class page and pages under it), with and without JavaScript; a
// signed-in stranger still gets the very 404 of a class that does not exist.
import { signedIn } from './support/actors';
import { randomUUID } from 'node:crypto';
import { expect, test } from './support/fixtures';
import { fillSignIn, hydrated, nextOf, person, teacherAndClass } from './support/people';

for (const js of [true, false]) {
	test(`a signed-out teacher who opens a class link signs in and is back on it (${js ? 'with' : 'without'} JavaScript)`, async ({
		browser
	}) => {
		const teacher = await teacherAndClass('Bookmarked');
		const { cls, account } = teacher;
		// One signed-out browser tries both addresses, its cookies cleared in between.
		const { context, page } = await person(browser, js);
		for (const path of [`/classes/${cls.id}`, `/classes/${cls.id}/add-students`]) {
			await context.clearCookies();
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
		}
		await context.close();
	});
}

test('a class that does not exist also asks a signed-out visitor to sign in (nothing leaks)', async ({
	request
}) => {
	// An answer about HTTP: the very redirect an existing class's address gets (above).
	const missing = `/classes/${randomUUID()}`;
	const response = await request.get(missing, { maxRedirects: 0 });
	expect(response.status()).toBe(303);
	const location = new URL(response.headers()['location']!, 'http://localhost');
	expect(location.pathname).toBe('/login');
	expect(location.searchParams.get('next')).toBe(missing);
});

test('a signed-in stranger gets the same 404 for a class as for one that does not exist', async ({
	browser
}) => {
	const teacher = await teacherAndClass('Private');
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
});
