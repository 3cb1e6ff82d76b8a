// A teacher brings an article of their own (issue 12): pastes or uploads it at /import, reads
// what the import will do, publishes it as a draft of theirs, assigns it to a class, and the
// class reads it; anyone else still gets a 404. With JavaScript and without.
import { readFileSync } from 'node:fs';
import { actor, baseURL, enrol, makeClass, makeUser, signInAs } from './support/actors';
import { expectNoAxeViolationsInBothSchemes } from './support/axe';
import { sql } from './support/fixtures';
import { expect, test } from './support/reading-group';
import { hydrated } from './support/people';
import {
	answerInPage,
	questionField,
	shownQuestionIds,
	startButtonName,
	submitAnswers
} from './support/quiz';
import type { Question } from './support/quiz-key';

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
	test(`a teacher imports an article, reads the preview, publishes it, accepts a module’s suggestions and assigns it; a student takes the quiz (${js ? 'with' : 'without'} JavaScript)`, async ({
		browser,
		reader,
		noJsReader
	}) => {
		// Two people, an import, the question editor, an assignment and a quiz: past 30 s on a
		// busy two-core machine.
		test.setTimeout(90_000);
		// The teacher on the worker's long-lived page (support/reading-group.ts), the student in a
		// context of their own.
		const page = js ? reader : noJsReader;
		const teacher = await makeUser({ role: 'teacher' });
		await signInAs(page.context(), teacher, baseURL());
		const cls = await makeClass(teacher.id);
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

		// No learner sees a suggestion: the teacher accepts one module's in the question editor.
		await page
			.getByRole('status')
			.getByRole('link', { name: /^Review its suggested questions/ })
			.click();
		await page.getByRole('link', { name: 'The eruption' }).click();
		if (js) await hydrated(page);
		await page.getByRole('button', { name: /^Accept all \d+$/ }).click();
		await expect(page.getByRole('button', { name: /^Accept all/ })).toHaveCount(0);

		await page.goto(`/classes/${cls.id}/assignments`);
		if (js) await hydrated(page);
		await page.getByText(`Assign “${title}”`).click();
		const form = page.locator('details[open] form.assign');
		await form.getByRole('button', { name: /^Assign/ }).click();
		await expect(page.getByRole('status')).toHaveText('The assignment is added.');

		expect((await student.page.goto(href!))?.status()).toBe(200);
		await expect(student.page.getByRole('heading', { level: 1 })).toHaveText(title);

		// The student takes the quiz: the accepted questions, graded against their key.
		const accepted = new Map(
			(
				await sql(
					"SELECT q.data FROM questions q JOIN articles a ON a.id = q.article_id WHERE a.title = ? AND q.status = 'published'",
					[title]
				)
			).rows.map((r) => {
				const q = JSON.parse(String(r.data)) as Question;
				return [q.id, q];
			})
		);
		expect(accepted.size).toBeGreaterThan(1);
		await student.page.goto(`${href}/quiz`);
		if (js) await hydrated(student.page);
		await student.page.getByRole('button', { name: startButtonName('Whole article') }).click();
		await expect(student.page.getByRole('heading', { level: 1 })).toHaveText('Quiz: Whole article');
		const shown = await shownQuestionIds(student.page);
		expect(new Set(shown)).toEqual(new Set(accepted.keys()));
		for (const id of shown) {
			await answerInPage(questionField(student.page, id), accepted.get(id)!, true);
		}
		await submitAnswers(student.page);
		await expect(student.page.getByRole('status').filter({ hasText: 'You scored' })).toHaveText(
			`You scored ${shown.length} of ${shown.length} (100%).`
		);
		await student.context.close();
	});
}

test('the import page names the line of a format error beside the field', async ({
	noJsReader: page
}) => {
	await signInAs(page.context(), await makeUser({ role: 'teacher' }), baseURL());
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
});
