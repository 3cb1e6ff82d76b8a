// The accessibility helper every journey relies on (support/axe.ts) is our own glue around
// axe-core: it must still find what axe finds. A page written here breaks two rules on purpose.
import { expect, test } from './support/fixtures';
import { expectNoAxeViolations, expectNoAxeViolationsInBothSchemes } from './support/axe';

const BROKEN = `<!doctype html><html lang="en"><head><title>Broken on purpose</title><style>
	body { background: #fff; color: #111 }
	.faint { color: #eee }
	@media (prefers-color-scheme: dark) { body { background: #111; color: #eee } .dark-faint { color: #222 } }
</style></head><body><main>
	<h1>Broken on purpose</h1>
	<img src="data:," class="unlabelled">
	<p class="faint">Too faint to read on white.</p>
	<p class="dark-faint">Readable on white, too faint on black.</p>
</main></body></html>`;

/** The failure message of an axe check that must fail. */
async function failureOf(check: Promise<void>): Promise<string> {
	const outcome = await check.then(
		() => 'passed',
		(error: Error) => error.message
	);
	expect(outcome, 'the check should have failed').not.toBe('passed');
	return outcome;
}

test('finds a missing alt and a low contrast, and leaves out only what it is told to', async ({
	page
}) => {
	await page.setContent(BROKEN);
	const all = await failureOf(expectNoAxeViolations(page));
	expect(all).toContain('image-alt');
	expect(all).toContain('color-contrast');
	// A second check of the same document (axe already in it) finds the same.
	expect(await failureOf(expectNoAxeViolations(page))).toContain('image-alt');
	const excluded = await failureOf(expectNoAxeViolations(page, { exclude: ['img.unlabelled'] }));
	expect(excluded).not.toContain('image-alt');
	expect(excluded).toContain('color-contrast');
});

test('checks the dark scheme too: a colour that fails only there is found', async ({ page }) => {
	await page.setContent(
		BROKEN.replace('<p class="faint">Too faint to read on white.</p>', '').replace(
			'<img src="data:," class="unlabelled">',
			''
		)
	);
	await page.emulateMedia({ colorScheme: 'light' });
	await expectNoAxeViolations(page);
	const both = await failureOf(expectNoAxeViolationsInBothSchemes(page));
	expect(both).toContain('in the dark scheme');
	expect(both).toContain('color-contrast');
});
