// A teacher brings an article of their own (issue 12): pastes or uploads it at /import, reads
// what the import will do, publishes it as a draft of theirs, assigns it to a class, and the
// class reads it; anyone else still gets a 404. With JavaScript and without.
import { readFileSync } from 'node:fs';
import { actor, enrol, makeClass } from './support/actors';
import { expectNoAxeViolationsInBothSchemes } from './support/axe';
import { expect, sql, test } from './support/fixtures';
import { hydrated } from './support/people';

const FIXTURE = readFileSync(
	new URL('../fixtures/articles/prose-science-tambora.txt', import.meta.url),
	'utf8'
);
const FIXTURE_TITLE = FIXTURE.split('\n')[0]!.trim();

/** The fixture under a title of its own, so each run imports a new article. */
function articleText() {
	const title = `${FIXTURE_TITLE} ${Math.random().toString(36).slice(2, 8)}`;
	return { title, text: FIXTURE.replaceAll(FIXTURE_TITLE, title) };
}

for (const js of [true, false]) {
	test(`a teacher imports an article, reads the preview, publishes it and assigns it (${js ? 'with' : 'without'} JavaScript)`, async ({
		browser
	}) => {
		const teacher = await actor(browser, { role: 'teacher', javaScriptEnabled: js });
		const cls = await makeClass(teacher.account.id);
		const { page } = teacher;
		const { title, text } = articleText();

		await page.goto('/classes');
		await page.getByRole('link', { name: 'Import an article' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import an article');
		if (js) await hydrated(page);
		if (js) {
			await page.getByLabel('Or paste the article’s text').fill(text);
		} else {
			await page.getByLabel(/^Article file/).setInputFiles({
				name: 'article.txt',
				mimeType: 'text/plain',
				buffer: Buffer.from(text)
			});
		}
		await page.getByRole('button', { name: 'Preview the import' }).click();

		const preview = page.getByRole('region', { name: '2. What the import will do' });
		await expect(preview).toContainText(title);
		await expect(preview).toContainText('a new article, private to you and your classes');
		const modules = preview.getByRole('table', { name: 'Modules the article will have' });
		await expect(modules.getByRole('row')).not.toHaveCount(1);
		await expect(preview).toContainText(/\d+ suggestions for you to review/);
		if (js) await expectNoAxeViolationsInBothSchemes(page);
		if (js && process.env.LECTERN_SCREENSHOTS === '1')
			await page.screenshot({ path: 'test-results/import-preview.png', fullPage: true });

		await preview.getByRole('button', { name: 'Import the article' }).click();
		await expect(page.getByRole('status')).toContainText(`${title} is imported`);
		await expect(page.getByRole('status')).toContainText(
			'a draft: only you and your classes see it'
		);
		await expect(
			page.getByRole('table', { name: 'Articles you imported' }).getByRole('row', { name: title })
		).toContainText('Draft: you and your classes');
		const href = await page
			.getByRole('status')
			.getByRole('link', { name: 'Read it as your students will' })
			.getAttribute('href');

		// A student of the class cannot read it before it is assigned, and can afterwards.
		const student = await actor(browser, { javaScriptEnabled: js });
		await enrol(cls.id, student.account.id);
		expect((await student.page.goto(href!))?.status()).toBe(404);

		// Its suggestions accepted (the question editor's own journeys walk that), it can be assigned.
		await sql(
			"UPDATE questions SET status = 'published' WHERE article_id = (SELECT id FROM articles WHERE title = ?)",
			[title]
		);
		await page.goto(`/classes/${cls.id}/assignments`);
		if (js) await hydrated(page);
		await page.getByText(`Assign “${title}”`).click();
		const form = page.locator('details[open] form.assign');
		await form.getByRole('button', { name: /^Assign/ }).click();
		await expect(page.getByRole('status')).toHaveText('The assignment is added.');

		expect((await student.page.goto(href!))?.status()).toBe(200);
		await expect(student.page.getByRole('heading', { level: 1 })).toHaveText(title);
		await teacher.context.close();
		await student.context.close();
	});
}

test('the import page names the line of a format error beside the field', async ({ browser }) => {
	const { page, context } = await actor(browser, { role: 'teacher', javaScriptEnabled: false });
	await page.goto('/import');
	await page
		.getByLabel('Or paste the article’s text')
		.fill('A title\n\nNo table of contents here.\n');
	await page.getByRole('button', { name: 'Preview the import' }).click();
	await expect(page.locator('#field-text-error')).toHaveText(/^line \d+: /);
	await expect(page.getByLabel('Or paste the article’s text')).toHaveAttribute(
		'aria-invalid',
		'true'
	);
	await context.close();
});
