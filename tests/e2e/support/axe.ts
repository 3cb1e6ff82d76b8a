// Accessibility check shared by the end-to-end suites: axe-core with the WCAG 2.0, 2.1 and
// 2.2 level A and AA rules (PRODUCT.md: "WCAG 2.2 AA. axe finds no violation on any page").
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ElementContext, RunOptions } from 'axe-core';
import { expect, type Page } from '@playwright/test';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

type Violation = AxeResults['violations'][number];

/** One line per failing element: rule, impact, where, and axe's own explanation. */
export function describeViolations(violations: Violation[]): string[] {
	return violations.flatMap((v) =>
		v.nodes.map((node) => {
			const where = node.target.map((t) => (Array.isArray(t) ? t.join(' >> ') : t)).join(' ');
			const why = (node.failureSummary ?? '').replace(/\s*\n\s*/g, ' ').trim();
			return `${v.id} [${v.impact ?? 'n/a'}] ${where}: ${v.help}. ${why} (${v.helpUrl})`;
		})
	);
}

/** axe-core's browser bundle, read once per test worker. */
const AXE_SOURCE = readFileSync(
	createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
	'utf8'
);

/**
 * axe run in the page itself (`axe.run`), injected once per document: a second check of the same
 * page (the dark scheme after the light one) reuses it. @axe-core/playwright's builder injects
 * axe's 500 kB twice a check (three times and a blank page in its default mode, which exists for
 * cross-origin frames): measured on a module page, ~500 ms a check even for one trivial rule,
 * against ~100 ms for the whole rule set once axe is in the page. Lectern's pages never have
 * frames: said here, and held to. Only violations are reported in full (every other result keeps
 * one node per rule): what the checks below read.
 */
async function runAxe(
	page: Page,
	runOnly: RunOptions['runOnly'],
	exclude: string[] = []
): Promise<AxeResults> {
	expect(page.frames(), `axe in the page's own frame: ${page.url()} has frames`).toHaveLength(1);
	if (!(await page.evaluate(() => 'axe' in window))) {
		await page.evaluate(AXE_SOURCE);
		await page.evaluate(() =>
			(window as unknown as { axe: typeof import('axe-core') }).axe.configure({
				allowedOrigins: ['<same_origin>']
			})
		);
	}
	const context: { exclude: string[][] } | null = exclude.length
		? { exclude: exclude.map((s) => [s]) }
		: null;
	const options: RunOptions = { runOnly, resultTypes: ['violations'] };
	return page.evaluate(
		({ context, options }) => {
			const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
			return axe.run((context as ElementContext | null) ?? document, options);
		},
		{ context, options }
	) as Promise<AxeResults>;
}

/**
 * Runs axe on the page as it is now and fails with a readable list of violations.
 * `exclude` takes CSS selectors to leave out (use sparingly, and say why at the call site).
 */
export async function expectNoAxeViolations(
	page: Page,
	options: { exclude?: string[] } = {}
): Promise<void> {
	const results = await runAxe(page, { type: 'tag', values: WCAG_TAGS }, options.exclude);
	// A run that checked nothing proves nothing.
	expect(results.passes.length, `axe checked no rule on ${page.url()}`).toBeGreaterThan(0);
	const problems = describeViolations(results.violations);
	// The message lists each problem once; the count keeps the assertion's own output short.
	expect(
		problems.length,
		`axe found ${problems.length} violation(s) on ${page.url()}:\n${problems.join('\n')}\n`
	).toBe(0);
}

/** The rules whose outcome depends on colour: all that changes between the two schemes. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/** The relative luminance (0–1) of the page's background. */
const backgroundLuminance = (page: Page) =>
	page.evaluate(() => {
		const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g)!.map(Number);
		return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
	});

/**
 * axe on the page as it is now in the light scheme (every rule), then in the dark scheme (the
 * colour rules: nothing else differs between them), proving each scheme really applies; the page
 * is left in the light scheme. One journey checks both schemes instead of walking it twice.
 */
export async function expectNoAxeViolationsInBothSchemes(page: Page): Promise<void> {
	await page.emulateMedia({ colorScheme: 'light' });
	expect(await backgroundLuminance(page), 'a light page has a light background').toBeGreaterThan(
		0.75
	);
	await expectNoAxeViolations(page);
	await page.emulateMedia({ colorScheme: 'dark' });
	try {
		expect(await backgroundLuminance(page), 'a dark page has a dark background').toBeLessThan(0.25);
		const results = await runAxe(page, { type: 'rule', values: COLOUR_RULES });
		const problems = describeViolations(results.violations);
		expect(
			problems.length,
			`axe found ${problems.length} violation(s) in the dark scheme on ${page.url()}:\n${problems.join('\n')}\n`
		).toBe(0);
	} finally {
		await page.emulateMedia({ colorScheme: 'light' });
	}
}
