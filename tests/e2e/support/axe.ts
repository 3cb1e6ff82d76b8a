// Accessibility check shared by the end-to-end suites: axe-core with the WCAG 2.0, 2.1 and
// 2.2 level A and AA rules (PRODUCT.md: "WCAG 2.2 AA. axe finds no violation on any page").
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;
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

/**
 * axe in the page itself (`axe.run`). The default mode runs axe per frame and finishes in a new
 * blank page, injecting axe's 500 kB three times a check: twice the work for pages like ours,
 * whose only frame is the page. That mode exists for cross-origin frames, which Lectern's pages
 * never have: said here, and held to, so the faster mode checks the same things.
 */
function axeOn(page: Page) {
	expect(page.frames(), `axe in the page's own frame: ${page.url()} has frames`).toHaveLength(1);
	// Only violations are reported in full (every other result keeps one node per rule): what the
	// checks below read, for a quarter less of axe's work per run (measured on a module page).
	return new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ['violations'] });
}

/**
 * Runs axe on the page as it is now and fails with a readable list of violations.
 * `exclude` takes CSS selectors to leave out (use sparingly, and say why at the call site).
 */
export async function expectNoAxeViolations(
	page: Page,
	options: { exclude?: string[] } = {}
): Promise<void> {
	let builder = axeOn(page).withTags(WCAG_TAGS);
	for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
	const results = await builder.analyze();
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
		const results = await axeOn(page).withRules(COLOUR_RULES).analyze();
		const problems = describeViolations(results.violations);
		expect(
			problems.length,
			`axe found ${problems.length} violation(s) in the dark scheme on ${page.url()}:\n${problems.join('\n')}\n`
		).toBe(0);
	} finally {
		await page.emulateMedia({ colorScheme: 'light' });
	}
}
