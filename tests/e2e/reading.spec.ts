// The reading experience, end to end: home → overview → modules, what a module renders
// (tables, lists, the author's exact words), navigation, metadata, errors, accessibility,
// reading without JavaScript, a 320 px screen, and the security headers of the pages.
import { readFileSync } from 'node:fs';
import type { ConsoleMessage, Locator, Page, Response } from '@playwright/test';
import { expectNoAxeViolations, expectNoAxeViolationsInBothSchemes } from './support/axe';
import { expect, fetchPage, parseHtml, test } from './support/reading-group';

const SLUG = 'declassified-putin-bush-talks-surface-tensions-over-nato-ukraine';
const TITLE = 'Declassified Putin-Bush Talks Surface Tensions Over NATO, Ukraine';
const OVERVIEW = `/lessons/${SLUG}`;
const DISCUSS = `${OVERVIEW}/discuss`;

/** The seed's contents in order, less `Sea.”`, whose section has no text (it is skipped). */
const MODULE_TITLES = [
	TITLE,
	'What the records reveal',
	'Key facts at a glance',
	'Evergreen takeaways for readers',
	'What this means for today',
	'Reader questions',
	'Further reading and sources',
	'Background: NATO Expansion and Russian Security Concerns',
	'The Secret Dialog: What the Leaked Exchanges reveal',
	'Russia’s NATO Push: Strategic Objectives',
	'Ukraine Dismissal: Putin’s Rationale',
	'Implications for U.S.Foreign Policy',
	'Practical Tips for Policymakers & researchers',
	'Real\u2011World Examples: Recent NATO Decisions (2025)'
];

/** The sections that are not modules (nothing to read and check): shown unnumbered. */
const NOT_MODULES: readonly string[] = ['Reader questions', 'Further reading and sources'];
/** The lesson modules, which "Module n of N", progress and assignments count. */
const LESSON_TITLES = MODULE_TITLES.filter((t) => !NOT_MODULES.includes(t));

// Section slugs follow PRODUCT.md's slug rule applied to the heading.
const KEY_FACTS = `${OVERVIEW}/key-facts-at-a-glance`;
const SECRET_DIALOG = `${OVERVIEW}/the-secret-dialog-what-the-leaked-exchanges-reveal`;
const RUSSIAS_PUSH = `${OVERVIEW}/russias-nato-push-strategic-objectives`;
const FURTHER_READING = `${OVERVIEW}/further-reading-and-sources`;

const NOT_FOUND_HEADING = 'We couldn’t find that page';
const UNKNOWN_ARTICLE = '/lessons/no-such-article';
const UNKNOWN_SECTION = `${OVERVIEW}/no-such-module`;

/** The bundled article as the author wrote it: the expectations below quote it directly. */
const SOURCE_LINES = readFileSync(
	new URL(`../../src/content/articles/${SLUG}.txt`, import.meta.url),
	'utf8'
).split(/\r\n|\r|\n/);

/** The pipe table that follows `heading` in the article body, as header and rows of cells. */
function sourceTable(heading: string): { header: string[]; rows: string[][] } {
	const at = SOURCE_LINES.findIndex((line) => line.trim() === heading);
	expect(at, `heading "${heading}" in the seed article`).toBeGreaterThan(0);
	const start = SOURCE_LINES.findIndex((line, i) => i > at && line.trim().startsWith('|'));
	const lines: string[] = [];
	for (let i = start; i < SOURCE_LINES.length && SOURCE_LINES[i]!.trim().startsWith('|'); i++)
		lines.push(SOURCE_LINES[i]!.trim());
	const cells = (line: string) =>
		line
			.replace(/^\|/, '')
			.replace(/\|$/, '')
			.split('|')
			.map((c) => c.trim());
	const [header, , ...rows] = lines.map(cells);
	expect(rows.length, `rows of the table under "${heading}"`).toBeGreaterThan(0);
	return { header: header!, rows };
}

/** A `- ` line of the article, without its dash: what the list item must read. */
function sourceListItem(startsWith: string): string {
	const line = SOURCE_LINES.find((l) => l.startsWith(`- ${startsWith}`));
	expect(line, `list item "${startsWith}…" in the seed article`).toBeDefined();
	return line!.slice(2).trim();
}

/** A paragraph line of the article holding `fragment`. */
function sourceParagraph(fragment: string): string {
	const line = SOURCE_LINES.find((l) => l.includes(fragment) && !l.startsWith('- '));
	expect(line, `a paragraph holding "${fragment}" in the seed article`).toBeDefined();
	return line!.trim();
}

const textOf = async (page: Page, selector: string) =>
	(await page.locator(selector).allTextContents()).map((t) => t.trim());

/**
 * The text of the matched elements as the author wrote it: without the source-mark tags Lectern
 * sets beside marked passages (issue 13), which are its words, not the article's.
 */
const writtenTextOf = (locator: Locator) =>
	locator.evaluateAll((elements) =>
		elements.map((element) => {
			const copy = element.cloneNode(true) as Element;
			for (const tag of copy.querySelectorAll('.claim-tag')) tag.remove();
			return (copy.textContent ?? '').trim();
		})
	);

/** The text of every `selector` in `html`, whitespace collapsed as `toHaveText` does. */
const textsInHtml = (page: Page, html: string, selector: string) =>
	parseHtml(
		page,
		html,
		(doc, sel) =>
			[...doc.querySelectorAll(sel)].map((el) =>
				(el.textContent ?? '').replace(/\s+/g, ' ').trim()
			),
		selector
	);

/** SvelteKit mounts its route announcer once the client has hydrated the page. */
const hydrated = (page: Page) => expect(page.locator('#svelte-announcer')).toBeAttached();

async function snapshotModule(page: Page) {
	return {
		title: await page.title(),
		description: await page.locator('meta[name="description"]').getAttribute('content'),
		headings: await textOf(page, 'main :is(h1, h2, h3, h4)'),
		caption: await textOf(page, 'main table caption'),
		columnHeaders: await textOf(page, 'main table th[scope="col"]'),
		rowHeaders: await textOf(page, 'main table th[scope="row"]'),
		cells: await textOf(page, 'main table td'),
		text: await page.locator('main').innerText(),
		links: await page
			.locator('main a')
			.evaluateAll((as) => as.map((a) => `${a.textContent?.trim()} → ${a.getAttribute('href')}`))
	};
}

test.describe('finding and reading an article', () => {
	test('home → overview → every module page answers 200, following the links', async ({
		reader: page
	}) => {
		const home = await page.goto('/');
		expect(home?.status()).toBe(200);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Articles');
		const card = page.getByRole('listitem').filter({ hasText: TITLE });
		await expect(card).toContainText(`${LESSON_TITLES.length} modules`);
		await expect(card).toContainText('3 discussion prompts');

		await page.getByRole('link', { name: TITLE, exact: true }).click();
		await expect(page).toHaveURL(OVERVIEW);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);

		// The modules, in article order, each with its reading time.
		const modules = page.getByRole('list', { name: 'Modules' }).getByRole('listitem');
		await expect(modules).toHaveCount(MODULE_TITLES.length);
		await expect(modules.getByRole('link')).toHaveText(MODULE_TITLES);
		for (const item of await modules.all()) await expect(item).toHaveText(/\S\s*\d+ min$/);
		await expect(page.getByRole('link', { name: '3 discussion prompts' })).toHaveAttribute(
			'href',
			DISCUSS
		);
		await expect(page.getByRole('link', { name: 'Start reading' })).toHaveAttribute(
			'href',
			(await modules.first().getByRole('link').getAttribute('href'))!
		);

		const hrefs = await modules
			.getByRole('link')
			.evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
		expect(new Set(hrefs).size).toBe(MODULE_TITLES.length);
		// Each module's answer and heading, over HTTP (the previous/next test reads them in the browser).
		for (const [i, href] of hrefs.entries()) {
			expect(href).toMatch(new RegExp(`^${OVERVIEW}/[a-z0-9]+(-[a-z0-9]+)*$`));
			const { status, html } = await fetchPage(page, href);
			expect(status, href).toBe(200);
			expect(await textsInHtml(page, html, 'h1'), href).toEqual([MODULE_TITLES[i]!]);
		}
		expect(hrefs).toContain(KEY_FACTS);
		expect(hrefs).toContain(SECRET_DIALOG);

		const discuss = await page.goto(DISCUSS);
		expect(discuss?.status()).toBe(200);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Discussion prompts');
		await expect(page.getByRole('main').getByRole('listitem')).toHaveCount(3);
		// Each prompt links to its thread (and shows its post count beside the link).
		await expect(page.getByRole('main').getByRole('listitem').last().getByRole('link')).toHaveText(
			sourceParagraph('moast illuminating')
		);
	});

	for (const [heading, path] of [
		['Key facts at a glance', KEY_FACTS],
		['The Secret Dialog: What the Leaked Exchanges reveal', SECRET_DIALOG]
	] as const) {
		test(`"${heading}" renders a real table with caption and header cells, text verbatim`, async ({
			reader: page
		}) => {
			const expected = sourceTable(heading);
			await page.goto(path);
			const table = page.getByRole('table', { name: heading });
			await expect(table).toHaveCount(1);
			expect((await table.locator('caption').textContent())?.trim()).toBe(heading);

			expect(await textOf(page, 'main table thead th[scope="col"]')).toEqual(expected.header);
			await expect(table.locator('thead td')).toHaveCount(0);
			const rows = table.locator('tbody tr');
			await expect(rows).toHaveCount(expected.rows.length);
			for (const [r, cells] of expected.rows.entries()) {
				const row = rows.nth(r);
				await expect(row.locator('> *')).toHaveCount(cells.length);
				await expect(row.locator('> :first-child')).toHaveJSProperty('tagName', 'TH');
				await expect(row.locator('> :first-child')).toHaveAttribute('scope', 'row');
				expect((await row.locator('> th').allTextContents()).map((t) => t.trim())).toEqual([
					cells[0]
				]);
				expect((await row.locator('> td').allTextContents()).map((t) => t.trim())).toEqual(
					cells.slice(1)
				);
			}
			// Every header cell says what it heads.
			await expect(table.locator('th:not([scope="col"]):not([scope="row"])')).toHaveCount(0);
		});
	}

	test('list labels are emphasised, and the item reads exactly as written', async ({
		reader: page
	}) => {
		await page.goto(SECRET_DIALOG);
		const warning = page.getByRole('listitem').filter({ hasText: 'Back‑channel warning' });
		await expect(warning).toHaveCount(1);
		await expect(warning.locator('strong')).toHaveText('Back‑channel warning');
		expect(await writtenTextOf(warning)).toEqual([sourceListItem('Back‑channel warning')]);
		// An item with no "Label – text" shape has nothing emphasised.
		const plain = page.getByRole('listitem').filter({ hasText: 'Explicit acknowledgment' });
		await expect(plain.locator('strong')).toHaveCount(0);
		expect(await writtenTextOf(plain)).toEqual([sourceListItem('Explicit acknowledgment')]);

		// `Label: text` is a label too.
		await page.goto(RUSSIAS_PUSH);
		const military = page.getByRole('listitem').filter({ hasText: /^Military: / });
		await expect(military.locator('strong')).toHaveText('Military');
		expect(await writtenTextOf(military)).toEqual([sourceListItem('Military: ')]);
		await expect(page.locator('main li strong')).toHaveCount(6);
	});

	test('the author’s words are unchanged: typos, odd capitals and spacing stay', async ({
		reader: page
	}) => {
		const overview = await fetchPage(page, OVERVIEW);
		expect(overview.response.ok()).toBe(true);
		const firstModule = await parseHtml(page, overview.html, (doc) =>
			doc.querySelector('ol[aria-labelledby="modules"] a')?.getAttribute('href')
		);
		expect(firstModule, 'the first module’s link on the overview').toBeTruthy();

		const expectations: [string, string[]][] = [
			[firstModule!, ['todayS geopolitics', 'Vladimir putin', 'russia’s neighborhood']],
			[`${OVERVIEW}/what-the-records-reveal`, ['add nuance to it.They show']],
			[FURTHER_READING, ['moast illuminating', 'readers seeking additional', '– End of report']],
			[
				`${OVERVIEW}/real-world-examples-recent-nato-decisions-2025`,
				['Thes policy moves directly echo']
			]
		];
		// The first module in the browser, the others as their HTML reads (the same words).
		await page.goto(firstModule!);
		const shown = await writtenTextOf(page.locator('main p'));
		for (const fragment of expectations[0]![1]) expect(shown).toContain(sourceParagraph(fragment));
		for (const [path, fragments] of expectations.slice(1)) {
			const { status, html } = await fetchPage(page, path);
			expect(status, path).toBe(200);
			const paragraphs = await parseHtml(page, html, (doc) =>
				[...doc.querySelectorAll('main p')].map((element) => {
					const copy = element.cloneNode(true) as Element;
					for (const tag of copy.querySelectorAll('.claim-tag')) tag.remove();
					return (copy.textContent ?? '').trim();
				})
			);
			for (const fragment of fragments)
				expect(paragraphs, path).toContain(sourceParagraph(fragment));
		}
		// With the marks switched off, the page holds the words alone.
		await page.getByRole('button', { name: 'Hide source marks' }).click();
		await expect(page.getByRole('button', { name: 'Show source marks' })).toBeVisible();
		const plainParagraphs = await textOf(page, 'main p');
		for (const fragment of expectations[0]![1]) {
			expect(plainParagraphs).toContain(sourceParagraph(fragment));
		}
		const keyFacts = await fetchPage(page, KEY_FACTS);
		const tables = await textsInHtml(page, keyFacts.html, 'table');
		expect(tables).toHaveLength(1);
		expect(tables[0]).toContain('within the regional order,with');
	});

	test('previous/next links and the contents list mark where the reader is', async ({
		reader: page
	}) => {
		// Fourteen pages, a dozen checks each: cheap, but many round trips on a busy machine.
		test.setTimeout(60_000);
		await page.goto(OVERVIEW);
		await page.getByRole('link', { name: 'Start reading' }).click();
		for (const [i, title] of MODULE_TITLES.entries()) {
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
			const lesson = LESSON_TITLES.indexOf(title);
			if (lesson >= 0) {
				await expect(
					page.getByText(`Module ${lesson + 1} of ${LESSON_TITLES.length}`)
				).toBeVisible();
			} else {
				await expect(page.getByRole('main')).not.toContainText(/Module \d+ of/);
			}
			const path = new URL(page.url()).pathname;

			const contents = page.getByRole('navigation', { name: 'Contents of this article' });
			await expect(contents.getByRole('link')).toHaveText(MODULE_TITLES);
			const current = contents.locator('[aria-current="page"]');
			await expect(current).toHaveCount(1);
			await expect(current).toHaveText(title);
			await expect(current).toHaveAttribute('href', path);
			await expect(contents.getByRole('link').nth(i)).toHaveAttribute('aria-current', 'page');

			const pager = page.getByRole('navigation', { name: 'Previous and next module' });
			const previous = pager.locator('a[rel="prev"]');
			if (i === 0) await expect(previous).toHaveCount(0);
			else {
				await expect(previous).toContainText(MODULE_TITLES[i - 1]!);
				await expect(previous).toHaveAttribute(
					'href',
					(await contents
						.getByRole('link')
						.nth(i - 1)
						.getAttribute('href'))!
				);
			}
			const next = pager.getByRole('link', { name: /^Next/ });
			await expect(next).toHaveCount(1);
			if (i + 1 < MODULE_TITLES.length) {
				await expect(next).toContainText(MODULE_TITLES[i + 1]!);
				await expect(next).toHaveAttribute('rel', 'next');
			} else {
				await expect(next).toHaveAttribute('href', DISCUSS);
			}
			await next.click();
			await expect(page).not.toHaveURL(path);
		}
		await expect(page).toHaveURL(DISCUSS);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Discussion prompts');

		// And back again from the last module.
		await page.goBack();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(MODULE_TITLES.at(-1)!);
		await page
			.getByRole('navigation', { name: 'Previous and next module' })
			.locator('a[rel="prev"]')
			.click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(MODULE_TITLES.at(-2)!);
	});
});

test.describe('every page has a title, a description and a skip link', () => {
	const pages = [
		['home', '/'],
		['overview', OVERVIEW],
		['module', KEY_FACTS],
		['discuss', DISCUSS],
		['unknown article', UNKNOWN_ARTICLE],
		['unknown section', UNKNOWN_SECTION]
	] as const;

	test('titles and descriptions, on every module page too', async ({ reader: page }) => {
		// Read from each page's HTML (what a browser, a search engine and a link preview get).
		const head = (html: string) =>
			parseHtml(page, html, (doc) => ({
				title: doc.title,
				titles: doc.querySelectorAll('head title').length,
				descriptions: [...doc.querySelectorAll('meta[name="description"]')].map((m) =>
					m.getAttribute('content')
				)
			}));
		const overview = await fetchPage(page, OVERVIEW);
		const modulePaths = await parseHtml(page, overview.html, (doc) =>
			[...doc.querySelectorAll('ol[aria-labelledby="modules"] a')].map((a) =>
				a.getAttribute('href')!
			)
		);
		expect(modulePaths).toHaveLength(MODULE_TITLES.length);
		const titles = new Map<string, string>();
		for (const path of [...pages.map(([, p]) => p), ...modulePaths]) {
			const { html } = await fetchPage(page, path);
			const { title, titles: count, descriptions } = await head(html);
			expect(title, `<title> of ${path}`).toMatch(/\S.*· Lectern$|^Lectern · \S/);
			expect(count, path).toBe(1);
			expect(descriptions, path).toHaveLength(1);
			expect(descriptions[0]?.trim().length, path).toBeGreaterThan(20);
			if (modulePaths.includes(path)) titles.set(path, title);
		}
		// Each module's title names it, so tabs and history tell them apart.
		expect(new Set(titles.values()).size).toBe(MODULE_TITLES.length);
		for (const [i, path] of modulePaths.entries()) {
			expect(titles.get(path)).toContain(MODULE_TITLES[i]!);
		}
		// And the browser shows the same title and description once the page has come to life.
		const last = modulePaths.at(-1)!;
		await page.goto(last);
		await hydrated(page);
		expect(await page.title()).toBe(titles.get(last));
		await expect(page.locator('head title')).toHaveCount(1);
		await expect(page.locator('meta[name="description"]')).toHaveCount(1);
	});

	for (const [name, path] of pages) {
		test(`skip link moves focus to main: ${name}`, async ({ reader: page }) => {
			await page.goto(path);
			await hydrated(page);
			await page.keyboard.press('Tab');
			const skip = page.getByRole('link', { name: 'Skip to content' });
			await expect(skip).toBeFocused();
			await expect(skip).toBeInViewport();
			await page.keyboard.press('Enter');
			await expect(page.getByRole('main')).toBeFocused();
			// The next Tab continues inside main, past the site navigation.
			await page.keyboard.press('Tab');
			expect(
				await page.evaluate(() => document.querySelector('main')!.contains(document.activeElement))
			).toBe(true);
		});
	}
});

test.describe('unknown pages answer 404 with the styled page', () => {
	for (const [name, path] of [
		['unknown article', UNKNOWN_ARTICLE],
		['unknown section', UNKNOWN_SECTION],
		['unknown address', '/no-such-page']
	] as const) {
		test(name, async ({ reader: page }) => {
			const response = await page.goto(path);
			expect(response?.status()).toBe(404);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(NOT_FOUND_HEADING);
			await expect(page).toHaveTitle(/not found/i);
			// Styled: inside the site layout, with the app's stylesheet applied.
			await expect(page.getByRole('navigation', { name: 'Site' })).toBeVisible();
			await expect(page.getByRole('link', { name: 'Browse the articles' })).toHaveAttribute(
				'href',
				'/'
			);
			const card = page.locator('main .card');
			await expect(card).toHaveCSS('border-top-style', 'solid');
			await expect(page.locator('body')).toHaveCSS('margin', '0px');
			await expect(page.getByRole('main')).not.toContainText(/error:|stack|at \w+ \(/i);
		});
	}

	test('a client-side navigation to an unknown module shows the same page', async ({
		reader: page
	}) => {
		await page.goto(KEY_FACTS);
		await hydrated(page);
		await page.evaluate((href) => {
			const a = document.createElement('a');
			a.href = href;
			a.textContent = 'broken link';
			document.querySelector('main')!.append(a);
		}, UNKNOWN_SECTION);
		await page.getByRole('link', { name: 'broken link' }).click();
		await expect(page).toHaveURL(UNKNOWN_SECTION);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(NOT_FOUND_HEADING);
	});
});

test.describe('axe finds no WCAG 2.2 A/AA violation', () => {
	const pages = [
		['home', '/'],
		['overview', OVERVIEW],
		['module with a table', KEY_FACTS],
		['discuss', DISCUSS],
		['404', UNKNOWN_SECTION]
	] as const;
	for (const [name, path] of pages) {
		test(`${name}, light and dark schemes`, async ({ reader: page }) => {
			await page.goto(path);
			await hydrated(page);
			await expectNoAxeViolationsInBothSchemes(page);
		});
	}
});

test.describe('with JavaScript disabled', () => {
	// `noJsReader` has JavaScript off; `reader`, with it on, is the page to compare with.
	async function withJavaScript<T>(reader: Page, url: string, look: (page: Page) => Promise<T>) {
		await reader.goto(url);
		await hydrated(reader);
		return await look(reader);
	}

	test('a module page reads the same: headings, table and text', async ({
		noJsReader: page,
		reader
	}) => {
		const response = await page.goto(KEY_FACTS);
		expect(response?.status()).toBe(200);
		await expect(page.locator('#svelte-announcer')).toHaveCount(0); // nothing hydrated
		const withoutJs = await snapshotModule(page);
		expect(withoutJs.headings[0]).toBe('Key facts at a glance');
		expect(withoutJs.rowHeaders).toEqual(
			sourceTable('Key facts at a glance').rows.map((r) => r[0])
		);

		const withJs = await withJavaScript(reader, page.url(), snapshotModule);
		expect(withoutJs).toEqual(withJs);
	});

	test('the module with a list and a table, and moving on with plain links', async ({
		noJsReader: page,
		reader
	}) => {
		await page.goto(SECRET_DIALOG);
		const withoutJs = await snapshotModule(page);
		expect(withoutJs.text).toContain(sourceListItem('Back‑channel warning'));
		await expect(page.locator('main li strong', { hasText: 'Back‑channel warning' })).toHaveCount(
			1
		);
		expect(withoutJs.rowHeaders).toEqual(
			sourceTable('The Secret Dialog: What the Leaked Exchanges reveal').rows.map((r) => r[0])
		);
		expect(withoutJs).toEqual(await withJavaScript(reader, page.url(), snapshotModule));

		await page
			.getByRole('navigation', { name: 'Previous and next module' })
			.getByRole('link', { name: /^Next/ })
			.click();
		await expect(page).toHaveURL(RUSSIAS_PUSH);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Russia’s NATO Push: Strategic Objectives'
		);
		await page.keyboard.press('Tab');
		await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page.getByRole('main')).toBeFocused();
	});
});

test.describe('at 320 px wide', () => {
	for (const [name, path] of [
		['home', '/'],
		['overview', OVERVIEW],
		['module with a four-column table', KEY_FACTS],
		['module with a table and lists', SECRET_DIALOG],
		['discuss', DISCUSS],
		['404', UNKNOWN_ARTICLE]
	] as const) {
		test(`${name}: the page body does not scroll sideways`, async ({ reader: page }) => {
			await page.setViewportSize({ width: 320, height: 720 });
			await page.goto(path);
			await hydrated(page);
			const widths = await page.evaluate(() => ({
				viewport: document.documentElement.clientWidth,
				document: document.documentElement.scrollWidth,
				body: document.body.scrollWidth
			}));
			expect(widths.viewport).toBe(320);
			expect(widths.document, 'document scroll width').toBeLessThanOrEqual(widths.viewport);
			expect(widths.body, 'body scroll width').toBeLessThanOrEqual(widths.viewport);

			// Wide tables scroll inside their own wrapper, which a keyboard can reach and scroll.
			for (const wrapper of await page.locator('main :has(> table)').all()) {
				const box = (await wrapper.boundingBox())!;
				expect(box.x).toBeGreaterThanOrEqual(0);
				expect(box.x + box.width).toBeLessThanOrEqual(320);
				const scrolls = await wrapper.evaluate((el) => el.scrollWidth > el.clientWidth);
				if (scrolls) {
					await expect(wrapper).toHaveCSS('overflow-x', /auto|scroll/);
					// Reached with Tab from the start of main, like any keyboard user would.
					await page.getByRole('main').focus();
					for (let i = 0; i < 10; i++) {
						await page.keyboard.press('Tab');
						if (await wrapper.evaluate((el) => el === document.activeElement)) break;
					}
					await expect(wrapper).toBeFocused();
					await page.keyboard.press('ArrowRight');
					await expect.poll(() => wrapper.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
				}
			}
			await expectNoAxeViolations(page);
		});
	}
});

test.describe('security', () => {
	for (const [name, path, status] of [
		['home', '/', 200],
		['overview', OVERVIEW, 200],
		['module', KEY_FACTS, 200],
		['discuss', DISCUSS, 200],
		['404 page', UNKNOWN_SECTION, 404]
	] as const) {
		test(`${name} carries the security headers`, async ({ request }) => {
			const response = await request.get(path);
			expect(response.status()).toBe(status);
			const headers = response.headers();
			expect(headers['content-type']).toMatch(/^text\/html/);
			const csp = headers['content-security-policy'];
			expect(csp, 'content-security-policy header').toBeTruthy();
			const directives = new Map(
				csp!
					.split(';')
					.map((d) => d.trim().split(/\s+/))
					.filter(([name]) => name)
					.map(([name, ...values]) => [name!.toLowerCase(), values])
			);
			const scriptSrc = directives.get('script-src') ?? directives.get('default-src');
			expect(scriptSrc, 'script-src (or default-src)').toBeDefined();
			expect(scriptSrc).not.toContain("'unsafe-inline'");
			expect(scriptSrc).not.toContain("'unsafe-eval'");
			expect(scriptSrc).not.toContain('*');
			expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
			expect(headers['x-content-type-options']).toBe('nosniff');
			expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
			expect(headers['permissions-policy']).toMatch(/\w+=\(\)/);
		});
	}

	test('no console errors or CSP violations while reading', async ({ reader: page }) => {
		// Listening from a blank page, as a new one would, so nothing of an earlier test is heard.
		await page.goto('about:blank');
		const problems: string[] = [];
		const onConsole = (message: ConsoleMessage) => {
			if (message.type() === 'error' || message.type() === 'warning')
				problems.push(`console.${message.type()}: ${message.text()}`);
		};
		const onError = (error: Error) => problems.push(`page error: ${error.message}`);
		const onResponse = (response: Response) => {
			if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
		};
		page.on('console', onConsole);
		page.on('pageerror', onError);
		page.on('response', onResponse);
		// The page lives on for the worker's next test: stop listening when this one ends.
		try {
			await page.goto(KEY_FACTS);
			await hydrated(page);
			// Client-side navigation loads more code and data under the same policy.
			await page
				.getByRole('navigation', { name: 'Previous and next module' })
				.getByRole('link', { name: /^Next/ })
				.click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				'Evergreen takeaways for readers'
			);
			await page
				.getByRole('navigation', { name: 'Contents of this article' })
				.getByRole('link', { name: 'The Secret Dialog: What the Leaked Exchanges reveal' })
				.click();
			await expect(page.getByRole('table')).toBeVisible();
			await page.waitForLoadState('networkidle');
		} finally {
			page.off('console', onConsole);
			page.off('pageerror', onError);
			page.off('response', onResponse);
		}
		expect(problems).toEqual([]);
	});
});
