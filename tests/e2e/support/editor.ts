// The question editor's e2e setup: a teacher who owns a fresh copy of the lighthouse article
// (tests/fixtures/articles/editor-lighthouse.txt), imported straight into the e2e database, and
// the editor page of one of its modules open.
import { openDatabase } from '../../../src/lib/server/db/client';
import { importEditorArticle } from '../../support/editor-article';
import { baseURL, makeUser, signedIn, signInAs } from './actors';
import { hydrated } from './discussion';
import { E2E_DATABASE_URL, expect, test, uniqueAddress } from './fixtures';
import type { BrowserContext, Page } from '@playwright/test';

let copies = 0;

/** A signed-in teacher owning their own copy of the article; its slug and editor's base URL. */
export async function teacherWithArticle(page: Page) {
	const teacher = await signedIn(page, { role: 'teacher', displayName: 'Ines Teacher' });
	const slug = await importCopyFor(teacher.id);
	return { teacher, slug, editor: `/lessons/${slug}/edit` };
}

/** Imports a fresh copy of the article for `teacherId`; its slug. */
async function importCopyFor(teacherId: string): Promise<string> {
	const slug = `lighthouse-${process.pid}-${++copies}-${Date.now().toString(36)}`;
	const handle = await openDatabase(E2E_DATABASE_URL);
	try {
		await importEditorArticle(handle.db, teacherId, slug);
	} finally {
		handle.client.close();
	}
	return slug;
}

export interface Desk {
	/** A page of the teacher's own browser context, kept for the worker's life. */
	page: Page;
	slug: string;
	editor: string;
}

/**
 * The suite's test with `desk(name, js)`: a teacher with their own copy of the article, signed in
 * within a browser context kept for the whole worker, one per name and JavaScript setting. For
 * tests that do not interfere with each other on one copy: those that only look (axe, the
 * preview, the exports) share a copy nobody changes; those that each write a question of their
 * own words share another. Each test opens its own page state with a navigation of its own.
 * (A failing test ends the worker, and with it these contexts.)
 */
export const deskTest = test.extend<object, { desk: (name: string, js: boolean) => Promise<Desk> }>(
	{
		desk: [
			async ({ browser }, use) => {
				const desks = new Map<string, Promise<Desk>>();
				const contexts: BrowserContext[] = [];
				await use((name, js) => {
					const key = `${name}:${js}`;
					let desk = desks.get(key);
					if (!desk) {
						desk = (async () => {
							const context = await browser.newContext({
								baseURL: baseURL(),
								javaScriptEnabled: js,
								extraHTTPHeaders: { 'X-Forwarded-For': uniqueAddress() }
							});
							contexts.push(context);
							const teacher = await makeUser({ role: 'teacher', displayName: 'Ines Teacher' });
							await signInAs(context, teacher, baseURL());
							const slug = await importCopyFor(teacher.id);
							return { page: await context.newPage(), slug, editor: `/lessons/${slug}/edit` };
						})();
						desks.set(key, desk);
					}
					return desk;
				});
				for (const context of contexts) await context.close();
			},
			{ scope: 'worker' }
		]
	}
);

/**
 * Opens an editor page; with JavaScript, waits until the page is hydrated, so what the test
 * types is not replaced by the hydrating form.
 */
export async function openEditor(page: Page, path: string, js: boolean) {
	await page.goto(path);
	if (js) await hydrated(page);
}

/** One status group of a module's list: "Suggested", "Published" or "Archived". */
export const group = (page: Page, name: 'Suggested' | 'Published' | 'Archived') =>
	page.getByRole('region', { name: new RegExp(`^${name} \\(`) });

/** The card of the question with this text, in a group. */
export const card = (page: Page, name: 'Suggested' | 'Published' | 'Archived', text: string) =>
	group(page, name).getByRole('article', { name: text, exact: true });

/**
 * Selects `quote` in the module text pane, as a person would with the mouse (a range over the
 * text, then the pointer released), and checks the editor took it as the quote.
 */
export async function selectInText(page: Page, quote: string) {
	await page.getByRole('region', { name: /^Module text/ }).evaluate((pane, wanted) => {
		const walker = document.createTreeWalker(pane, NodeFilter.SHOW_TEXT);
		while (walker.nextNode()) {
			const node = walker.currentNode;
			const at = node.textContent?.indexOf(wanted) ?? -1;
			if (at < 0) continue;
			const range = document.createRange();
			range.setStart(node, at);
			range.setEnd(node, at + wanted.length);
			const selection = document.getSelection()!;
			selection.removeAllRanges();
			selection.addRange(range);
			node.parentElement!.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
			return;
		}
		throw new Error(`"${wanted}" is not in the module text`);
	}, quote);
	await expect(page.getByLabel('Evidence: the passage the answer rests on')).toHaveValue(quote);
	await expect(page.getByText('Quote taken from your selection')).toBeVisible();
}
