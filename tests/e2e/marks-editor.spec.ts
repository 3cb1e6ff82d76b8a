// Issue 13, the source-marks editor: a teacher who owns an article confirms a suggested mark,
// corrects one (its kind to a named source), removes one, adds one on a passage selected in the
// module text (JavaScript) or pasted (without), and links two passages of two modules as
// disagreeing, with a note. A stranger teacher gets a 404; the page passes axe in both schemes.
import type { Page } from '@playwright/test';
import { openDatabase } from '../../src/lib/server/db/client';
import { DRAFT_QUOTES, KEEPERS, OPENING, insertDraftClaims } from '../support/claims-drafts';
import { importEditorArticle } from '../support/editor-article';
import { makeUser, signedIn } from './support/actors';
import { expectNoAxeViolationsInBothSchemes } from './support/axe';
import { openEditor } from './support/editor';
import { E2E_DATABASE_URL } from './support/fixtures';
import { expect, requestAs, test } from './support/reading-group';

let copies = 0;

/** A signed-in teacher owning a fresh copy of the lighthouse article, with draft claims. */
async function teacherWithDrafts(page: Page) {
	const teacher = await signedIn(page, { role: 'teacher', displayName: 'Ines Teacher' });
	return draftsOwnedBy(teacher.id);
}

/** A fresh copy of the lighthouse article owned by `teacherId`, with draft claims. */
async function draftsOwnedBy(teacherId: string) {
	const slug = `marks-${process.pid}-${++copies}-${Date.now().toString(36)}`;
	const handle = await openDatabase(E2E_DATABASE_URL);
	try {
		const { articleId } = await importEditorArticle(handle.db, teacherId, slug);
		await insertDraftClaims(handle.db, articleId);
	} finally {
		handle.client.close();
	}
	return { slug, marks: `/lessons/${slug}/edit/${OPENING}/marks` };
}

type Group = 'Suggested' | 'Confirmed' | 'Removed';
const group = (page: Page, name: Group) =>
	page.getByRole('region', { name: new RegExp(`^${name} \\(`) });
const card = (page: Page, name: Group, quote: string) =>
	group(page, name).getByRole('article', { name: quote, exact: true });

/** Selects `quote` in the module text pane as a person would, then releases the pointer. */
async function selectInText(page: Page, quote: string) {
	await page.getByRole('region', { name: /^Module text/ }).evaluate((pane, wanted) => {
		const walker = document.createTreeWalker(pane, NodeFilter.SHOW_TEXT);
		while (walker.nextNode()) {
			const node = walker.currentNode;
			const at = node.textContent?.indexOf(wanted) ?? -1;
			if (at < 0) continue;
			const range = document.createRange();
			range.setStart(node, at);
			range.setEnd(node, at + wanted.length);
			document.getSelection()!.removeAllRanges();
			document.getSelection()!.addRange(range);
			node.parentElement!.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
			return;
		}
		throw new Error(`"${wanted}" is not in the module text`);
	}, quote);
}

for (const js of [true, false]) {
	test.describe(js ? 'with JavaScript' : 'without JavaScript', () => {
		// The worker's long-lived page, with JavaScript on or off (support/reading-group.ts).

		test('the owner finds the marks from the question editor and confirms a suggestion', async ({
			reader,
			noJsReader
		}) => {
			const page = js ? reader : noJsReader;
			const { slug, marks } = await teacherWithDrafts(page);
			await page.goto(`/lessons/${slug}/edit`);
			const opening = page.getByRole('rowheader', { name: 'The Lighthouse at Cape Morro Reopens' });
			await page
				.getByRole('row')
				.filter({ has: opening })
				.getByRole('link', { name: 'Source marks' })
				.click();
			await expect(page).toHaveURL(marks);
			if (js) await openEditor(page, marks, js);
			await card(page, 'Suggested', DRAFT_QUOTES.said)
				.getByRole('button', { name: 'Confirm' })
				.click();
			await expect(card(page, 'Confirmed', DRAFT_QUOTES.said)).toContainText('Clara Mendes');
			await expect(group(page, 'Suggested')).toHaveAccessibleName('Suggested (3)');
		});

		test('the owner corrects a mark to a named source, which confirms it', async ({
			reader,
			noJsReader
		}) => {
			const page = js ? reader : noJsReader;
			const { marks } = await teacherWithDrafts(page);
			await openEditor(page, marks, js);
			const mark = card(page, 'Suggested', DRAFT_QUOTES.beam);
			await mark.getByText('Correct this mark').click();
			await mark.getByLabel('Kind of source').selectOption('named');
			await mark.getByRole('button', { name: 'Save and confirm' }).click();
			// A named source needs its name: the form comes back with the message beside the field.
			const refused = card(page, 'Suggested', DRAFT_QUOTES.beam).getByLabel('Source', {
				exact: true
			});
			await expect(refused).toHaveAccessibleDescription(/A named source needs its name/);
			await refused.fill('the national maritime agency');
			await card(page, 'Suggested', DRAFT_QUOTES.beam)
				.getByRole('button', { name: 'Save and confirm' })
				.click();
			const corrected = card(page, 'Confirmed', DRAFT_QUOTES.beam);
			await expect(corrected).toContainText('Named source');
			await expect(corrected).toContainText('the national maritime agency');
		});

		test('the owner removes a mark: it stays among the removed, to restore', async ({
			reader,
			noJsReader
		}) => {
			const page = js ? reader : noJsReader;
			const { marks } = await teacherWithDrafts(page);
			await openEditor(page, marks, js);
			await card(page, 'Suggested', DRAFT_QUOTES.lit)
				.getByRole('button', { name: 'Remove' })
				.click();
			const removed = card(page, 'Removed', DRAFT_QUOTES.lit);
			await expect(removed.getByRole('button', { name: 'Restore' })).toBeVisible();
			await expect(card(page, 'Suggested', DRAFT_QUOTES.lit)).toHaveCount(0);
		});

		test(`the owner adds a mark on a passage ${js ? 'selected in the text' : 'pasted'}`, async ({
			reader,
			noJsReader
		}) => {
			const page = js ? reader : noJsReader;
			const { marks } = await teacherWithDrafts(page);
			await openEditor(page, marks, js);
			const quote = 'The tower stands 38 metres tall';
			const form = page.getByRole('region', { name: 'Mark a passage' });
			const field = form.getByLabel('Passage to mark');
			await form.getByLabel('Kind of source').selectOption('none');
			await form.getByLabel('Note').fill('A figure the text gives as fact.');
			if (js) {
				await selectInText(page, quote);
				await expect(field).toHaveValue(quote);
				await expect(page.getByText('Quote taken from your selection')).toBeVisible();
			} else {
				// A quote not word for word comes back with the question editor's kind of message,
				// the rest of the form kept.
				await field.fill('The tower stands 40 metres tall');
				await form.getByRole('button', { name: 'Add the mark' }).click();
				await expect(field).toHaveAccessibleDescription(
					/must appear word for word in this module's text/
				);
				await expect(form.getByLabel('Note')).toHaveValue('A figure the text gives as fact.');
				await field.fill(quote);
			}
			await form.getByRole('button', { name: 'Add the mark' }).click();
			const added = card(page, 'Confirmed', quote);
			await expect(added).toContainText('added by an editor');
			await expect(added).toContainText('A figure the text gives as fact.');
		});

		test('the owner links two passages of two modules as disagreeing, with a note', async ({
			reader,
			noJsReader
		}) => {
			const page = js ? reader : noJsReader;
			const { marks, slug } = await teacherWithDrafts(page);
			await openEditor(page, marks, js);
			const form = page.getByRole('region', { name: 'Link two passages as disagreeing' });
			const quoteA = 'reopened to visitors on Saturday';
			if (js) {
				await form.getByLabel('Passage A', { exact: true }).focus();
				await selectInText(page, quoteA);
				await expect(form.getByLabel('Passage A', { exact: true })).toHaveValue(quoteA);
			} else await form.getByLabel('Passage A', { exact: true }).fill(quoteA);
			await form.getByLabel('Module of passage B').selectOption({ label: 'How the keepers lived' });
			await form.getByLabel('Passage B', { exact: true }).fill('when the light was automated');
			await form.getByLabel('Subject').fill('whether the light still works');
			await form
				.getByLabel('Note for readers')
				.fill('One passage has it reopen, the other automated.');
			await form.getByRole('button', { name: 'Link the two passages' }).click();
			const link = group(page, 'Confirmed').getByRole('article', {
				name: 'whether the light still works'
			});
			await expect(link).toContainText('One passage has it reopen, the other automated.');
			await expect(link.getByRole('link', { name: 'How the keepers lived' })).toHaveAttribute(
				'href',
				new RegExp(`/edit/${KEEPERS}/marks$`)
			);
			// Both module pages show the link, each pointing at the other passage.
			for (const [here, there] of [
				[OPENING, KEEPERS],
				[KEEPERS, OPENING]
			] as const) {
				await page.goto(`/lessons/${slug}/${here}`);
				const note = page.getByRole('note', { name: 'Passages that disagree' });
				await expect(note).toContainText('One passage has it reopen, the other automated.');
				const other = note.getByRole('link', { name: /Read the other passage/ });
				await expect(other).toHaveAttribute(
					'href',
					new RegExp(`/lessons/${slug}/${there}(\\?[^#]*)?#passage-[0-9a-f-]+-[ab]$`)
				);
				await other.click();
				await expect(page).toHaveURL(new RegExp(`/lessons/${slug}/${there}`));
				await expect(page.locator(new URL(page.url()).hash)).toBeAttached();
			}
		});
	});
}

test('a teacher who does not own the article gets a 404', async () => {
	const owner = await makeUser({ role: 'teacher', displayName: 'Ines Teacher' });
	const { marks } = await draftsOwnedBy(owner.id);
	// The answer is the point, not a page: an HTTP client signed in as another teacher.
	const stranger = await requestAs((await makeUser({ role: 'teacher' })).id);
	try {
		expect((await stranger.get(marks)).status()).toBe(404);
	} finally {
		await stranger.dispose();
	}
});

test('the marks page passes axe in both colour schemes, a refused form included', async ({
	reader: page
}) => {
	// Four axe runs: past 30 s on a busy two-core machine.
	test.setTimeout(90_000);
	const { marks } = await teacherWithDrafts(page);
	await openEditor(page, marks, true);
	await expectNoAxeViolationsInBothSchemes(page);
	await page.getByRole('button', { name: 'Link the two passages' }).click();
	await expect(page.getByText(/Say what both passages speak of/).last()).toBeVisible();
	await card(page, 'Suggested', DRAFT_QUOTES.beam).getByText('Correct this mark').click();
	await expectNoAxeViolationsInBothSchemes(page);
});
