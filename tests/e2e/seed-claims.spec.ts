// Issue 13, the seed complete: every contradiction of the seed's hand-made claims file shows on
// both of its module pages, each linking to the other passage, and the claims API lists it (and
// every hand mark) as confirmed. (That each one is asked in a graded question is proved against
// the bank in src/lib/marks/seed-claims.spec.ts.)
import { readFileSync } from 'node:fs';
import { expect, test } from './support/reading-group';
import { SEED_SLUG } from './support/quiz-key';

interface Anchor {
	section: string;
	quote: string;
}
const file = JSON.parse(
	readFileSync(
		new URL(`../../src/content/articles/${SEED_SLUG}.claims.json`, import.meta.url),
		'utf8'
	)
) as {
	marks: (Anchor & { kind: string })[];
	contradictions: { a: Anchor; b: Anchor; subject: string; note: string }[];
};

test('the seed’s file holds its contradictions (a guard for the tests below)', () => {
	expect(file.contradictions.length).toBeGreaterThanOrEqual(8);
	expect(file.marks.length).toBeGreaterThanOrEqual(60);
});

test('every contradiction of the seed shows on both module pages, linking to the other passage', async ({
	reader: page
}) => {
	test.setTimeout(90_000);
	const words = (text: string) => text.replace(/\s+/g, ' ').slice(0, 40);
	// Each module page is loaded once: several contradictions share a page, and a link's target
	// is one of these pages too. What a link lands on is read on the page its address loads.
	const landedText = new Map<string, string>();
	let current: string | undefined;
	/** Loads `address` (a path and query) unless it is the page open now. */
	async function open(address: string) {
		if (address === current) return;
		await page.goto(address);
		current = address;
	}
	const sectionsOf = [...new Set(file.contradictions.flatMap((c) => [c.a.section, c.b.section]))];
	const targets = new Map<(typeof file.contradictions)[number], URL[]>(
		file.contradictions.map((c) => [c, []])
	);
	// What each note links to, read on the page(s) of the two passages.
	for (const section of sectionsOf) {
		await open(`/lessons/${SEED_SLUG}/${section}`);
		for (const c of file.contradictions) {
			if (c.a.section !== section && c.b.section !== section) continue;
			const same = c.a.section === c.b.section;
			const notes = page
				.getByRole('note', { name: 'Passages that disagree' })
				.filter({ hasText: c.note });
			await expect(notes, `${c.subject}: its notes on ${section}`).toHaveCount(same ? 2 : 1);
			for (const link of await notes.getByRole('link', { name: /Read the other passage/ }).all()) {
				targets.get(c)!.push(new URL((await link.getAttribute('href'))!, page.url()));
			}
		}
	}
	for (const c of file.contradictions) {
		expect(
			targets
				.get(c)!
				.map((t) => t.pathname)
				.sort(),
			c.subject
		).toEqual([c.a.section, c.b.section].map((s) => `/lessons/${SEED_SLUG}/${s}`).sort());
	}
	// Each link lands on the anchor at the start of the passage holding the other quote.
	const all = [...targets.values()].flat();
	all.sort((x, y) => (x.pathname + x.search).localeCompare(y.pathname + y.search));
	for (const target of all) {
		if (landedText.has(target.href)) continue;
		await open(target.pathname + target.search);
		const anchor = page.locator(target.hash);
		await expect(anchor, target.href).toBeAttached();
		landedText.set(
			target.href,
			(await anchor.locator('xpath=..').innerText()).replace(/\s+/g, ' ')
		);
	}
	for (const c of file.contradictions) {
		const landed = targets.get(c)!.map((t) => landedText.get(t.href)!);
		for (const quote of [c.a.quote, c.b.quote]) {
			expect(
				landed.some((text) => text.includes(words(quote))),
				`${c.subject}: a link lands on “${quote}”`
			).toBe(true);
		}
	}
});

test('the claims API lists every hand mark and contradiction of the seed as confirmed', async ({
	request
}) => {
	const response = await request.get(`/api/v1/articles/${SEED_SLUG}/claims`);
	expect(response.status()).toBe(200);
	const body = (await response.json()) as {
		marks: (Anchor & { kind: string; status: string })[];
		contradictions: { a: Anchor; b: Anchor; note: string; status: string }[];
	};
	for (const m of file.marks) {
		expect(
			body.marks.find((x) => x.section === m.section && x.quote === m.quote),
			m.quote
		).toMatchObject({ kind: m.kind, status: 'confirmed' });
	}
	for (const c of file.contradictions) {
		const found = body.contradictions.find(
			(x) =>
				(x.a.quote === c.a.quote && x.b.quote === c.b.quote) ||
				(x.a.quote === c.b.quote && x.b.quote === c.a.quote)
		);
		expect(found, c.subject).toMatchObject({ note: c.note, status: 'confirmed' });
	}
});
