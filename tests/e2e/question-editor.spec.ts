// Issue 12, the question editor: a teacher who owns an article reviews its suggestions (accept,
// edit and publish), writes a question of each of the 7 types with its evidence chosen in the
// module text (selected with JavaScript, pasted without), watches the live preview, archives a
// question, and gets a refused form back with the message beside the field. axe on every page.
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expectNoAxeViolationsInBothSchemes } from './support/axe';
import {
	card,
	deskTest,
	group,
	openEditor,
	selectInText,
	teacherWithArticle
} from './support/editor';
import { expect, test } from './support/fixtures';

const RESTORATION = 'the-restoration';
const KEEPERS = 'how-the-keepers-lived';
const EXPLANATION = 'The article says so in its module on the restoration.';

interface Written {
	type: string;
	text: string;
	quote: string;
	fill: (page: Page) => Promise<void>;
}

const label = (page: Page, name: string) => page.getByLabel(name, { exact: true });
const options =
	(texts: string[], correct: number[], tick: 'radio' | 'checkbox') => async (page: Page) => {
		for (const [i, text] of texts.entries()) await label(page, `Option ${i + 1}`).fill(text);
		for (const n of correct)
			await page
				.getByRole('group', { name: 'Options' })
				.getByRole(tick, { name: `Correct (option ${n})` })
				.check();
	};

const WRITTEN: Written[] = [
	{
		type: 'single',
		text: 'Who paid €3 million, according to the article?',
		quote: 'the regional government paid €3 million',
		fill: options(['The regional government', 'The trust', 'The donors'], [1], 'radio')
	},
	{
		type: 'multiple',
		text: 'What did the engineers do, according to the article?',
		quote: 'Engineers replaced the lantern glass and repaired cracks in the stonework',
		fill: options(
			['Replaced the lantern glass', 'Repaired the stonework', 'Moved the tower'],
			[1, 2],
			'checkbox'
		)
	},
	{
		type: 'truefalse',
		text: 'According to the article, the trust raised money from 2,400 donors.',
		quote: 'the trust raised the rest from 2,400 donors',
		fill: (page) => page.getByRole('group', { name: 'The statement is' }).getByLabel('True').check()
	},
	{
		type: 'matching',
		text: 'According to the article, what happened in which year?',
		quote: 'the new lantern was fitted in 2022',
		fill: async (page) => {
			await label(page, 'Item 1').fill('2021');
			await label(page, 'Match 1').fill('The stonework began');
			await label(page, 'Item 2').fill('2022');
			await label(page, 'Match 2').fill('The new lantern was fitted');
		}
	},
	{
		type: 'ordering',
		text: 'In which order was the work done, according to the article?',
		quote: 'Work began in 2021 with the stonework',
		fill: async (page) => {
			for (const [i, item] of ['Stonework', 'New lantern', 'Gardens'].entries())
				await label(page, `Item ${i + 1}`).fill(item);
		}
	},
	{
		type: 'short',
		text: 'What did the engineers replace, according to the article?',
		quote: 'Engineers replaced the lantern glass',
		fill: (page) => label(page, 'Accepted answers').fill('the lantern glass\nlantern glass')
	},
	{
		type: 'numeric',
		text: 'How many donors gave to the trust, according to the article?',
		quote: 'from 2,400 donors',
		fill: async (page) => {
			await label(page, 'Correct answer').fill('2,400');
			await label(page, 'Unit (optional)').fill('donors');
		}
	}
];

for (const js of [true, false]) {
	test.describe(js ? 'with JavaScript' : 'without JavaScript', () => {
		test.use({ javaScriptEnabled: js });

		test('the owner finds the editor from the article and accepts a suggestion', async ({
			page
		}) => {
			const { slug, editor } = await teacherWithArticle(page);
			await page.goto(`/lessons/${slug}`);
			await page.getByRole('link', { name: 'Edit questions' }).click();
			await expect(page).toHaveURL(editor);
			await page.getByRole('link', { name: 'How the keepers lived' }).click();
			const text = 'When was the light automated, according to the article?';
			await card(page, 'Suggested', text).getByRole('button', { name: 'Accept' }).click();
			await expect(card(page, 'Published', text)).toBeVisible();
			await expect(group(page, 'Suggested')).toHaveAccessibleName('Suggested (1)');
		});

		test('the owner edits a suggestion and publishes it as its version 2', async ({ page }) => {
			const { editor } = await teacherWithArticle(page);
			await openEditor(page, `${editor}/${KEEPERS}`, js);
			const before = 'According to the article, who did what at the station?';
			await card(page, 'Suggested', before).getByRole('link', { name: 'Edit' }).click();
			await expect(label(page, 'Item 1')).toHaveValue('Head keeper');
			const after = 'Who did what at the station, according to the article?';
			await label(page, 'Question').fill(after);
			await page.getByRole('button', { name: 'Save and publish' }).click();
			await expect(card(page, 'Published', after)).toContainText('version 2');
		});

		test('the owner archives a published question', async ({ page }) => {
			const { editor } = await teacherWithArticle(page);
			await page.goto(`${editor}/${KEEPERS}`);
			const text = 'How many steps did the keepers climb, according to the article?';
			await card(page, 'Published', text).getByRole('button', { name: 'Archive' }).click();
			await expect(card(page, 'Archived', text)).toBeVisible();
			await expect(card(page, 'Published', text)).toHaveCount(0);
		});

		deskTest(
			'a quote not in the text comes back with a message beside the field, the form kept',
			async ({ desk }) => {
				const { page, editor } = await desk('written', js);
				await openEditor(page, `${editor}/${RESTORATION}/new?type=numeric`, js);
				await label(page, 'Question').fill('How much did the restoration cost?');
				await label(page, 'Correct answer').fill('4.2');
				await label(page, 'Evidence: the passage the answer rests on').fill(
					'The restoration cost €5 million'
				);
				await label(page, 'Explanation').fill(EXPLANATION);
				await page.getByRole('button', { name: 'Publish question' }).click();
				const quote = label(page, 'Evidence: the passage the answer rests on');
				await expect(quote).toHaveAccessibleDescription(
					/The quote must appear word for word in this module's text; it was not found\./
				);
				await expect(label(page, 'Correct answer')).toHaveValue('4.2');
			}
		);

		for (const written of WRITTEN) {
			deskTest(
				`the owner writes a ${written.type} question with its evidence ${js ? 'selected' : 'pasted'}`,
				async ({ desk }) => {
					// Each type's words are its own: the questions can share one copy of the article.
					const { page, editor } = await desk('written', js);
					await openEditor(page, `${editor}/${RESTORATION}/new?type=${written.type}`, js);
					await label(page, 'Question').fill(written.text);
					await written.fill(page);
					if (js) await selectInText(page, written.quote);
					else await label(page, 'Evidence: the passage the answer rests on').fill(written.quote);
					await label(page, 'Explanation').fill(EXPLANATION);
					await page.getByRole('button', { name: 'Publish question' }).click();
					await expect(card(page, 'Published', written.text)).toContainText(written.quote);
				}
			);
		}
	});
}

deskTest(
	'the preview shows the question as a learner sees it while the teacher writes',
	async ({ desk }) => {
		// Nothing is saved: the copy nobody changes will do.
		const { page, editor } = await desk('pristine', true);
		await openEditor(page, `${editor}/${RESTORATION}/new?type=single`, true);
		await label(page, 'Question').fill('Who paid €3 million?');
		await label(page, 'Option 1').fill('The regional government');
		await label(page, 'Option 2').fill('The trust');
		const preview = page.getByRole('region', { name: 'Preview' });
		const asked = preview.getByRole('group', { name: 'Question 1 Who paid €3 million?' });
		await expect(asked.getByRole('radio')).toHaveCount(2);
		await expect(asked.getByRole('radio', { name: 'The trust' })).toBeVisible();
	}
);

const AXE_PAGES = {
	'the bank overview': '',
	"a module's questions": `/${KEEPERS}`,
	'a new question': `/${RESTORATION}/new?type=matching`,
	'a suggestion being edited': `/${KEEPERS}/suggest-keepers-automated`
};
for (const [name, path] of Object.entries(AXE_PAGES)) {
	deskTest(`${name} passes axe in both colour schemes`, async ({ desk }) => {
		const { page, editor } = await desk('pristine', true);
		await page.goto(editor + path);
		await expectNoAxeViolationsInBothSchemes(page);
	});
}

deskTest(
	'a refused form, its messages beside the fields, passes axe in both colour schemes',
	async ({ desk }) => {
		// A refused form saves nothing: the copy nobody changes stays as imported.
		const { page, editor } = await desk('pristine', true);
		await page.goto(`${editor}/${RESTORATION}/new?type=multiple`);
		await page.getByRole('button', { name: 'Publish question' }).click();
		await expect(page.getByText('Write the question.')).toBeVisible();
		await expectNoAxeViolationsInBothSchemes(page);
	}
);

deskTest(
	'the bank overview downloads the published questions as GIFT and Moodle XML',
	async ({ desk }) => {
		const { page, editor, slug } = await desk('pristine', true);
		await page.goto(editor);
		const exported = page.getByRole('region', { name: 'Take the bank elsewhere' });
		const download = async (name: string) => {
			const [file] = await Promise.all([
				page.waitForEvent('download'),
				exported.getByRole('link', { name, exact: true }).click()
			]);
			return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') };
		};
		// Two published questions (tower-height, keepers-steps) and three suggestions in the bank.
		const gift = await download('GIFT');
		expect(gift.name).toBe(`${slug}.gift`);
		expect(gift.text.match(/^::/gm)).toHaveLength(2);
		expect(gift.text).toContain('::tower-height::');
		const all = await download('GIFT, with the suggestions');
		expect(all.text.match(/^::/gm)).toHaveLength(5);
		const xml = await download('Moodle XML');
		expect(xml.name).toBe(`${slug}.moodle.xml`);
		expect(xml.text.match(/<question type="(?!category)/g)).toHaveLength(2);
	}
);
