// What a reader sees of an article's claims (issue 13): source marks on the module page, named
// for screen readers and explained by a legend, a switch that hides them (with and without
// JavaScript, remembered), disagreeing passages linked both ways, and the overview's
// provenance box. The claims are written straight into the e2e database beside a fresh copy of
// the lighthouse article (tests/fixtures/articles/editor-lighthouse.txt).
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import { openDatabase } from '../../src/lib/server/db/client';
import { contradictions, sections, sourceMarks } from '../../src/lib/server/db/schema';
import { importEditorArticle } from '../support/editor-article';
import { expectNoAxeViolationsInBothSchemes } from './support/axe';
import { hydrated } from './support/discussion';
import { E2E_DATABASE_URL } from './support/fixtures';
import { expect, test } from './support/reading-group';

let copies = 0;

/** A fresh published copy of the article, with marks and disagreements when `claims`. */
async function lighthouse(claims = true) {
	const slug = `marks-${process.pid}-${++copies}-${Date.now().toString(36)}`;
	const handle = await openDatabase(E2E_DATABASE_URL);
	try {
		const { db } = handle;
		const { articleId } = await importEditorArticle(db, null, slug);
		const rows = await db
			.select({ id: sections.id, slug: sections.slug, title: sections.title })
			.from(sections)
			.where(eq(sections.articleId, articleId))
			.orderBy(sections.position);
		const [opening, keepers, restoration] = rows as [
			(typeof rows)[number],
			(typeof rows)[number],
			(typeof rows)[number]
		];
		const ids = { disagree: randomUUID(), unchecked: randomUUID(), agency: randomUUID() };
		if (claims) {
			const mark = (
				section: typeof opening,
				position: number,
				fields: Partial<typeof sourceMarks.$inferInsert> & { quote: string }
			) => ({
				id: randomUUID(),
				articleId,
				sectionId: section.id,
				kind: 'none' as const,
				status: 'confirmed' as const,
				origin: 'file' as const,
				position,
				...fields
			});
			await db.insert(sourceMarks).values([
				mark(opening, 0, {
					quote: 'It is the oldest working light on this coast',
					kind: 'named',
					source: 'Clara Mendes',
					speaker: 'Clara Mendes'
				}),
				mark(opening, 1, {
					id: ids.agency,
					quote: 'its beam can be seen 22 nautical miles out to sea',
					kind: 'named',
					source: 'the national maritime agency',
					provenance: true
				}),
				mark(opening, 2, { quote: 'first lit in 1872', status: 'suggested', origin: 'rules' }),
				// Overlaps the first mark of the module: left out.
				mark(opening, 3, { quote: 'working light on this coast,” said Clara', kind: 'vague' }),
				mark(keepers, 0, { quote: 'Three keepers lived at the station until 1986' }),
				mark(keepers, 1, { quote: 'Head keeper – kept the log', kind: 'article' })
			]);
			const passages = {
				aSectionId: opening.id,
				aQuote: 'after a restoration that took three years',
				bSectionId: restoration.id,
				bQuote: 'the gardens were replanted in 2023'
			};
			await db.insert(contradictions).values([
				{
					id: ids.disagree,
					articleId,
					...passages,
					aLabel: 'three years',
					bLabel: 'work from 2021 into 2023',
					subject: 'how long the restoration took',
					note: 'Work from 2021 to the gardens of 2023 is more than the three years given.',
					status: 'confirmed',
					origin: 'file'
				},
				{
					id: ids.unchecked,
					articleId,
					...passages,
					subject: 'an unchecked candidate',
					note: 'A candidate the rules drew, waiting for a teacher.',
					status: 'suggested',
					origin: 'rules',
					position: 1
				}
			]);
		}
		const path = (s: typeof opening) => `/lessons/${slug}/${s.slug}`;
		return {
			slug,
			articleId,
			ids,
			opening: path(opening),
			keepers: path(keepers),
			restoration: path(restoration),
			titles: { opening: opening.title, restoration: restoration.title }
		};
	} finally {
		handle.client.close();
	}
}

const claimMarks = (page: Page) => page.locator('mark.claim');
const switchButton = (page: Page, name: 'Hide source marks' | 'Show source marks') =>
	page.getByRole('button', { name });

for (const js of [true, false]) {
	test.describe(js ? 'with JavaScript' : 'without JavaScript', () => {
		// The worker's long-lived page, with JavaScript on or off (support/reading-group.ts).

		test('a reader sees the marks, what each says to a screen reader, and the legend', async ({
			reader,
			noJsReader
		}) => {
			const page = js ? reader : noJsReader;
			const article = await lighthouse();
			await page.goto(article.opening);
			if (js) await hydrated(page);
			// Three marks stand; the fourth overlaps the first and is left out.
			await expect(claimMarks(page)).toHaveCount(3);
			await expect(
				claimMarks(page).filter({ hasText: /^It is the oldest working light on this coast$/ })
			).toHaveCount(1);
			await expect(page.locator('mark.claim[data-kind="vague"]')).toHaveCount(0);
			const text = page.locator('.blocks');
			const spoken = await text.ariaSnapshot();
			expect(spoken).toContain('(Quoted: Clara Mendes)');
			expect(spoken).toContain('(Source: named — the national maritime agency)');
			expect(spoken).toContain(
				'(Source: none given; suggested by Lectern, not yet checked by a teacher)'
			);
			// The visible tags are read once, through the words above, never twice.
			expect(spoken).not.toContain('quoted: Clara Mendes');
			await expect(text.getByText('named: the national maritime agency')).toBeVisible();
			await expect(text.getByText('no source', { exact: true })).toBeVisible();
			await expect(page.locator('mark.claim.suggested')).toHaveText('first lit in 1872');

			const note = page.getByRole('complementary', { name: 'Source marks in this module' });
			await expect(note).toContainText(
				'In this module the text credits 2 claims to named sources and states 1 claim without a source; 1 passage here disagrees with another. One mark was suggested by Lectern and not yet checked by a teacher.'
			);
			await expect(page.getByText('Read it as a critic')).toHaveCount(0);
			await note.getByText('What the marks mean').click();
			for (const kind of ['named: …', 'vague', 'no source', 'article’s view', 'dashed'])
				await expect(note.getByRole('term').filter({ hasText: kind })).toBeVisible();
			await expect(note).toContainText('suggested by Lectern from the wording, not yet checked');

			await page.goto(article.keepers);
			const labelled = page.locator('mark.claim', { hasText: 'Head keeper – kept the log' });
			await expect(labelled.locator('strong')).toHaveText('Head keeper');
			expect(await page.locator('.blocks').ariaSnapshot()).toContain(
				'(Source: the article’s own view)'
			);
		});

		test('a reader switches the marks off, keeps them off on the next module, and on again', async ({
			reader,
			noJsReader
		}) => {
			const page = js ? reader : noJsReader;
			const article = await lighthouse();
			await page.goto(article.opening);
			if (js) {
				await hydrated(page);
				await page.evaluate(() => ((window as { stayed?: boolean }).stayed = true));
			}
			await switchButton(page, 'Hide source marks').click();
			await expect(switchButton(page, 'Show source marks')).toBeVisible();
			await expect(claimMarks(page)).toHaveCount(0);
			await expect(page.getByRole('note')).toHaveCount(0);
			await expect(page.getByText('What the marks mean')).toHaveCount(0);
			// The text is all there, plain.
			await expect(page.locator('.blocks')).toContainText('first lit in 1872, reopened');
			if (js) expect(await page.evaluate(() => (window as { stayed?: boolean }).stayed)).toBe(true);

			await page.goto(article.keepers);
			await expect(switchButton(page, 'Show source marks')).toBeVisible();
			await expect(claimMarks(page)).toHaveCount(0);
			if (js) await hydrated(page);
			await switchButton(page, 'Show source marks').click();
			await expect(claimMarks(page)).toHaveCount(2);
			await page.goto(article.opening);
			await expect(claimMarks(page)).toHaveCount(3);
		});

		test('a disagreement shows on both module pages, each linking to the other passage', async ({
			reader,
			noJsReader
		}) => {
			const page = js ? reader : noJsReader;
			const article = await lighthouse();
			await page.goto(article.opening);
			const note = page.getByRole('note', { name: 'Passages that disagree' });
			await expect(note).toHaveCount(1); // the suggested candidate waits for a teacher
			await expect(note).toContainText('describe how long the restoration took in two ways');
			await expect(note).toContainText(`in “${article.titles.restoration}” (work from 2021`);
			await note.getByRole('link', { name: /Read the other passage/ }).click();
			await expect(page).toHaveURL(`${article.restoration}#passage-${article.ids.disagree}-b`);
			const there = page.locator(`#passage-${article.ids.disagree}-b`);
			await expect(page.locator('p', { has: there })).toContainText(
				'the gardens were replanted in 2023'
			);
			await expect(page.locator('p', { has: there })).toBeInViewport();

			const back = page.getByRole('note', { name: 'Passages that disagree' });
			await expect(back).toContainText(`in “${article.titles.opening}” (three years)`);
			await back.getByRole('link', { name: /Read the other passage/ }).click();
			await expect(page).toHaveURL(`${article.opening}#passage-${article.ids.disagree}-a`);
			await expect(
				page.locator('p', { has: page.locator(`#passage-${article.ids.disagree}-a`) })
			).toContainText('after a restoration that took three years');
		});
	});
}

test('the overview carries a provenance box; an article without claims shows none', async ({
	reader: page
}) => {
	const article = await lighthouse();
	await page.goto(`/lessons/${article.slug}`);
	const box = page.getByRole('region', { name: 'Where the material comes from' });
	await expect(box).toContainText('its beam can be seen 22 nautical miles out to sea');
	await expect(box).toContainText('source the text gives: the national maritime agency');
	const pair = box.getByRole('group', {
		name: 'Two descriptions of how long the restoration took'
	});
	await expect(pair.locator('blockquote')).toHaveCount(2);
	await expect(pair).toContainText('Work from 2021 to the gardens of 2023');
	await expect(box).not.toContainText('unchecked candidate');
	await pair.getByRole('link', { name: `In “${article.titles.restoration}”` }).click();
	await expect(page).toHaveURL(`${article.restoration}#passage-${article.ids.disagree}-b`);
	await page.goBack();
	await box
		.getByRole('link', { name: `In “${article.titles.opening}”` })
		.first()
		.click();
	await expect(page).toHaveURL(`${article.opening}#mark-${article.ids.agency}`);
	await expect(page.locator(`#mark-${article.ids.agency}`)).toBeInViewport();

	const plain = await lighthouse(false);
	await page.goto(`/lessons/${plain.slug}`);
	await expect(page.getByRole('heading', { name: 'Modules' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Where the material comes from' })).toHaveCount(0);
	await page.goto(plain.opening);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(page.getByRole('complementary', { name: /Source marks/ })).toHaveCount(0);
	await expect(switchButton(page, 'Hide source marks')).toHaveCount(0);
});

test('an anonymous reader’s cached page shows a change to the marks', async ({ request }) => {
	const article = await lighthouse();
	// A request without a session: the second answer comes from the server's page cache.
	const html = async () => (await (await request.get(article.keepers)).text()) as string;
	expect(await html()).toContain('article’s view');
	expect(await html()).not.toContain('named: the station log');
	// An editor confirms the head keeper's line as named instead.
	const handle = await openDatabase(E2E_DATABASE_URL);
	try {
		await handle.db
			.update(sourceMarks)
			.set({ kind: 'named', source: 'the station log', updatedAt: new Date() })
			.where(
				and(
					eq(sourceMarks.articleId, article.articleId),
					eq(sourceMarks.quote, 'Head keeper – kept the log')
				)
			);
	} finally {
		handle.client.close();
	}
	await expect.poll(html).toContain('named: the station log');
});

test.describe('accessibility', () => {
	test('the module page with marks on (legend open) and off, and the overview', async ({
		reader: page
	}) => {
		// Six axe runs: past 30 s on a busy two-core machine.
		test.setTimeout(90_000);
		const article = await lighthouse();
		await page.goto(article.opening);
		await hydrated(page);
		await page.getByText('What the marks mean').click();
		await expectNoAxeViolationsInBothSchemes(page);
		await switchButton(page, 'Hide source marks').click();
		await expect(claimMarks(page)).toHaveCount(0);
		await expectNoAxeViolationsInBothSchemes(page);
		await switchButton(page, 'Show source marks').click();
		await page.goto(`/lessons/${article.slug}`);
		await hydrated(page);
		await expectNoAxeViolationsInBothSchemes(page);
	});
});
