// Issue 10, item 9: one definition of a module that counts. The module page's "Module n of N",
// the overview, the home page, a student's assignment and the teacher's gradebook all count the
// lesson sections (12 in the seed, of 14 sections); the "Reader questions" section is shown
// unnumbered and links each prompt to its discussion — the class thread for a student whose
// class has the article assigned — and "Next" after the last section leads there too.
import { baseURL, makeUser, signInAs } from './support/actors';
import type { Page } from '@playwright/test';
import { lessonModules } from '../../src/lib/article/modules';
import { classWithSeedAssigned } from './support/class-setup';
import { uniqueEmail } from './support/fixtures';
import { seedQuiz } from './support/quiz-key';
import { expect, parseHtml, requestAs, test } from './support/reading-group';

const { article } = seedQuiz();
const OVERVIEW = `/lessons/${article.slug}`;
const MODULES = lessonModules(article.sections);
const TOTAL = MODULES.length;
const KEY_FACTS = 'key-facts-at-a-glance';
const READER_QUESTIONS = 'reader-questions';
const FURTHER_READING = 'further-reading-and-sources';
const LAST = article.sections.at(-1)!.slug;

const pager = (page: Page) => page.getByRole('navigation', { name: 'Previous and next module' });
/** The line above a module's title: the article, then "Module n of N" or what the section is. */
const eyebrow = (page: Page) => page.locator('main .eyebrow');

test('the seed counts 12 modules of its 14 sections', () => {
	expect(article.sections).toHaveLength(14);
	expect(TOTAL).toBe(12);
});

for (const js of [true, false]) {
	test.describe(js ? 'with JavaScript' : 'without JavaScript', () => {
		test('a reader sees lesson modules numbered of 12, the reader questions unnumbered and linked to the public threads', async ({
			reader,
			noJsReader
		}) => {
			const page = js ? reader : noJsReader;
			await page.goto('/');
			await expect(page.getByRole('listitem').filter({ hasText: article.title })).toContainText(
				`${TOTAL} modules`
			);
			await page.goto(OVERVIEW);
			await expect(page.getByText(`${TOTAL} modules · about`)).toBeVisible();
			await expect(
				page.getByRole('progressbar', { name: 'Reading progress', exact: true })
			).toHaveAttribute('max', String(TOTAL));

			await page.goto(`${OVERVIEW}/${KEY_FACTS}`);
			await expect(eyebrow(page)).toContainText(`Module 3 of ${TOTAL}`);
			await page.goto(`${OVERVIEW}/${MODULES.at(-1)!.slug}`);
			await expect(eyebrow(page)).toContainText(`Module ${TOTAL} of ${TOTAL}`);

			await page.goto(`${OVERVIEW}/${READER_QUESTIONS}`);
			await expect(eyebrow(page)).not.toContainText(/Module \d+ of/);
			await expect(eyebrow(page)).toContainText('Discussion prompts');
			const questions = article.prompts.filter((p) => p.sectionSlug === READER_QUESTIONS);
			expect(questions.length).toBeGreaterThan(0);
			for (const prompt of questions) {
				await expect(page.getByRole('link', { name: prompt.text, exact: true })).toHaveAttribute(
					'href',
					`${OVERVIEW}/discuss/${prompt.number}`
				);
			}
			// The prompt that stands in "Further reading" is a link as well.
			const invitation = article.prompts.find((p) => p.sectionSlug === FURTHER_READING)!;
			await page.goto(`${OVERVIEW}/${FURTHER_READING}`);
			await page.getByRole('link', { name: invitation.text, exact: true }).click();
			await expect(page).toHaveURL(`${OVERVIEW}/discuss/${invitation.number}`);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(invitation.text);

			await page.goto(`${OVERVIEW}/${LAST}`);
			await pager(page).getByRole('link', { name: /^Next/ }).click();
			await expect(page).toHaveURL(`${OVERVIEW}/discuss`);
		});
	});
}

test('a student of a class with the article assigned: 12 everywhere, and the reader questions and Next lead to the class threads', async ({
	reader: page
}) => {
	const teacherAccount = await makeUser({
		role: 'teacher',
		email: uniqueEmail('teacher'),
		displayName: 'Ms Count'
	});
	const studentAccount = await makeUser({
		email: uniqueEmail('student'),
		displayName: 'Sam Counter'
	});
	await signInAs(page.context(), studentAccount, baseURL());
	const cls = await classWithSeedAssigned(teacherAccount.email, [studentAccount.email]);

	// The module page and the assignment count the same modules.
	await page.goto(`${OVERVIEW}/${KEY_FACTS}`);
	await expect(eyebrow(page)).toContainText(`Module 3 of ${TOTAL}`);
	await page.getByRole('button', { name: 'Mark as read', exact: true }).click();
	await expect(page.getByRole('button', { name: 'Mark as not read' })).toBeVisible();
	await page.goto(`/classes/${cls.id}`);
	await expect(page.locator('ol.modules > li')).toHaveCount(TOTAL);

	// The reader questions open the class's threads.
	await page.goto(`${OVERVIEW}/${READER_QUESTIONS}`);
	await expect(page.getByText(`with your class, ${cls.name}`)).toBeVisible();
	for (const prompt of article.prompts.filter((p) => p.sectionSlug === READER_QUESTIONS)) {
		await expect(page.getByRole('link', { name: prompt.text, exact: true })).toHaveAttribute(
			'href',
			`/classes/${cls.id}/discuss/${article.slug}/${prompt.number}`
		);
	}
	const first = article.prompts[0]!;
	await page.getByRole('link', { name: first.text, exact: true }).click();
	await expect(page).toHaveURL(`/classes/${cls.id}/discuss/${article.slug}/${first.number}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(first.text);

	// Next after the last section: the class discussion, not the public one.
	await page.goto(`${OVERVIEW}/${LAST}`);
	const next = pager(page).getByRole('link', { name: /^Next/ });
	await expect(next).toContainText(`with ${cls.name}`);
	await next.click();
	await expect(page).toHaveURL(`/classes/${cls.id}/discuss/${article.slug}/${first.number}`);

	// The overview offers the class's discussion too.
	await page.goto(OVERVIEW);
	await expect(page.getByRole('link', { name: `discuss with ${cls.name}` })).toHaveAttribute(
		'href',
		`/classes/${cls.id}/discuss/${article.slug}/${first.number}`
	);

	// The teacher's gradebook row: the module read, out of the same 12 (its HTML, over HTTP).
	const teacher = await requestAs(teacherAccount.id);
	try {
		const gradebook = await teacher.get(`/classes/${cls.id}/gradebook`);
		expect(gradebook.status()).toBe(200);
		const rows = await parseHtml(
			page,
			await gradebook.text(),
			(doc, name) =>
				[...doc.querySelectorAll('tr')]
					.map((row) => (row.textContent ?? '').replace(/\s+/g, ' '))
					.filter((text) => text.includes(name) && /Read \d/.test(text)),
			studentAccount.displayName
		);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toContain(`Read 1/${TOTAL}`);
	} finally {
		await teacher.dispose();
	}
});

test('a reader with no class that has the article keeps the public threads', async ({
	reader: page
}) => {
	await signInAs(page.context(), await makeUser({ email: uniqueEmail('reader') }), baseURL());
	await page.goto(`${OVERVIEW}/${READER_QUESTIONS}`);
	const prompt = article.prompts[0]!;
	await expect(page.getByRole('link', { name: prompt.text, exact: true })).toHaveAttribute(
		'href',
		`${OVERVIEW}/discuss/${prompt.number}`
	);
	await page.goto(`${OVERVIEW}/${LAST}`);
	await expect(pager(page).getByRole('link', { name: /^Next/ })).toHaveAttribute(
		'href',
		`${OVERVIEW}/discuss`
	);
});
