import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArticle } from './parse';
import {
	ArticleFormatError,
	type Article,
	type Block,
	type Section,
	type TableBlock
} from './types';

const SEED_PATH = new URL(
	'../../content/articles/declassified-putin-bush-talks-surface-tensions-over-nato-ukraine.txt',
	import.meta.url
);
const FIXTURES = new URL('../../../tests/fixtures/articles/', import.meta.url);

const seedBytes = readFileSync(SEED_PATH);
const seedText = seedBytes.toString('utf8');
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));
const fixtureText = (name: string) => fixture(name).toString('utf8');

function section(article: Article, slug: string): Section {
	const found = article.sections.find((s) => s.slug === slug);
	if (!found) throw new Error(`no section ${slug} in ${article.sections.map((s) => s.slug)}`);
	return found;
}

function blocksOf<T extends Block['type']>(s: Section, type: T): Extract<Block, { type: T }>[] {
	return s.blocks.filter((b): b is Extract<Block, { type: T }> => b.type === type);
}

/** Runs `parse` and returns the `ArticleFormatError` it throws (failing the test otherwise). */
function rejection(input: string | Uint8Array): ArticleFormatError {
	try {
		parseArticle(input);
	} catch (error) {
		expect(error).toBeInstanceOf(ArticleFormatError);
		return error as ArticleFormatError;
	}
	throw new Error('expected the article to be rejected, but it parsed');
}

describe('parseArticle on the seed article', () => {
	const article = parseArticle(seedBytes);

	it('parses the same from bytes and from a string', () => {
		expect(parseArticle(seedText)).toEqual(article);
	});

	it('takes the title from line 1 and derives the documented slug', () => {
		expect(article.title).toBe('Declassified Putin-Bush Talks Surface Tensions Over NATO, Ukraine');
		expect(article.slug).toBe('declassified-putin-bush-talks-surface-tensions-over-nato-ukraine');
	});

	it('turns 15 contents entries into 14 sections, skipping the empty "Sea.”" with a warning naming its line', () => {
		expect(article.sections).toHaveLength(14);
		expect(article.sections.map((s) => s.title)).not.toContain('Sea.”');
		expect(article.warnings).toEqual(['line 43: section "Sea.”" has no text; skipped']);
	});

	it('gives every section its slug, kind and heading line, in article order', () => {
		expect(article.sections.map((s) => [s.slug, s.kind, s.line])).toEqual([
			['introduction', 'lesson', 3],
			['what-the-records-reveal', 'lesson', 20],
			['key-facts-at-a-glance', 'lesson', 24],
			['evergreen-takeaways-for-readers', 'lesson', 30],
			['what-this-means-for-today', 'lesson', 33],
			['reader-questions', 'prompts', 36],
			['further-reading-and-sources', 'sources', 39],
			['background-nato-expansion-and-russian-security-concerns', 'lesson', 44],
			['the-secret-dialog-what-the-leaked-exchanges-reveal', 'lesson', 48],
			['russias-nato-push-strategic-objectives', 'lesson', 59],
			['ukraine-dismissal-putins-rationale', 'lesson', 67],
			['implications-for-u-s-foreign-policy', 'lesson', 75],
			['practical-tips-for-policymakers-researchers', 'lesson', 81],
			['real-world-examples-recent-nato-decisions-2025', 'lesson', 89]
		]);
	});

	it('keeps section titles exactly as the contents list writes them', () => {
		expect(article.sections[0]!.title).toBe(article.title);
		expect(article.sections.map((s) => s.title)).toContain(
			'Russia’s NATO Push: Strategic Objectives'
		);
		expect(article.sections.map((s) => s.title)).toContain('Implications for U.S.Foreign Policy');
		expect(article.sections.map((s) => s.title)).toContain(
			'Real‑World Examples: Recent NATO Decisions (2025)'
		);
	});

	it('makes the text before the first other heading the introduction, without repeating the contents', () => {
		const intro = section(article, 'introduction');
		expect(intro.blocks.map((b) => [b.type, b.line])).toEqual([
			['paragraph', 18],
			['paragraph', 19]
		]);
	});

	it('parses the "Key facts at a glance" table with its exact header and cells', () => {
		const [table, ...others] = blocksOf(section(article, 'key-facts-at-a-glance'), 'table');
		expect(others).toEqual([]);
		expect(table!.line).toBe(25);
		expect(table!.header).toEqual([
			'Topic',
			'Timeframe',
			'What the records suggest',
			'Public implications'
		]);
		expect(table!.rows).toHaveLength(3);
		expect(table!.rows.map((r) => r.length)).toEqual([4, 4, 4]);
		expect(table!.rows[0]![0]).toBe('NATO expansion');
		expect(table!.rows[1]![0]).toBe('Ukraine’s status');
		expect(table!.rows[1]![2]).toBe(
			'Putin’s remarks described Kyiv’s position within the regional order,with transcripts noting references to Ukraine as an artificial construct in some discussions.'
		);
		expect(table!.rows[2]![1]).toBe('2001-2008');
		expect(table!.rows[2]![3]).toBe(
			'Policy debates on credible commitments and crisis management remain central to U.S.-Russia relations.'
		);
	});

	it('parses "The Secret Dialog" table with its exact header, arrows and curly quotes', () => {
		const dialog = section(article, 'the-secret-dialog-what-the-leaked-exchanges-reveal');
		const [table] = blocksOf(dialog, 'table') as TableBlock[];
		expect(table!.line).toBe(50);
		expect(table!.header).toEqual(['Date', 'participants', 'Core Message']);
		expect(table!.rows.map((r) => r[0])).toEqual(['June 2006', 'March 2008', 'September 2024']);
		expect(table!.rows[0]![1]).toBe('Vladimir Putin ↔ George W. Bush (via former CIA liaison)');
		expect(table!.rows[1]![1]).toBe('Putin ↔ Bush (through private diplomatic channel)');
		expect(table!.rows[1]![2]).toBe(
			'“Ukraine is a ‘secondary theater.’ Our focus must remain on securing the NATO frontier; the Ukrainian crisis can be managed through economic levers.”'
		);
		expect(table!.rows[2]![2]).toBe(
			'“If the U.S. continues to push NATO deeper, Russia will consider a limited ‘counter‑measures’ package, not a full‑scale invasion.”'
		);
		expect(dialog.blocks.map((b) => b.type)).toEqual(['paragraph', 'table', 'paragraph', 'list']);
	});

	it('splits list items into label and text on " – " and ": ", and keeps unlabelled items whole', () => {
		const [dashList] = blocksOf(
			section(article, 'background-nato-expansion-and-russian-security-concerns'),
			'list'
		);
		expect(dashList!.items[0]).toEqual({
			label: 'NATO’s 2023‑2025 enlargement',
			separator: ' – ',
			text: 'Sweden and Finland’s accession (2023) followed by the 2024 NATO summit that invited Ukraine and georgia as “prospective members”.',
			line: 45
		});

		const lists = blocksOf(section(article, 'ukraine-dismissal-putins-rationale'), 'list');
		expect(lists[1]!.items[0]).toEqual({
			label: 'Date',
			separator: ': ',
			text: 'march 2025, Geneva summit.',
			line: 72
		});

		const [takeaways] = blocksOf(
			section(article, 'the-secret-dialog-what-the-leaked-exchanges-reveal'),
			'list'
		);
		expect(takeaways!.items[0]).toEqual({
			text: 'Explicit acknowledgment by Putin that NATO’s expansion is the primary catalyst for Russian military posturing.',
			line: 56
		});
		expect(takeaways!.items[2]!.label).toBe('Back‑channel warning');
	});

	it('lets label + separator + text rebuild the author’s line exactly', () => {
		const lines = seedText.split('\n');
		for (const s of article.sections) {
			for (const list of blocksOf(s, 'list')) {
				for (const item of list.items) {
					const rebuilt = (item.label ? item.label + item.separator : '') + item.text;
					expect(`- ${rebuilt}`).toBe(lines[item.line - 1]!.trim());
				}
			}
		}
	});

	it('numbers the three prompts in article order: two reader questions, then the "Share your thoughts" line', () => {
		expect(article.prompts).toEqual([
			{
				number: 1,
				text: 'How do you think these declassified conversations alter your view of NATO expansion and Ukraine policy today?',
				sectionSlug: 'reader-questions',
				line: 37
			},
			{
				number: 2,
				text: 'What lessons should current leaders draw from early‑2000s diplomacy about transparency, crisis management, and building long‑term strategic trust?',
				sectionSlug: 'reader-questions',
				line: 38
			},
			{
				number: 3,
				text: 'Share your thoughts below and tell us which aspect of these archives you find moast illuminating for understanding today’s security landscape.',
				sectionSlug: 'further-reading-and-sources',
				line: 41
			}
		]);
	});

	it('collects the sources of "Further reading and sources", leaving out the prompt line', () => {
		expect(article.sources[0]).toBe(
			'for broader context on NATO expansions in the post‑Cold War era, see official NATO history and analyses. Coverage of the declassification and transcript releases has appeared across major outlets, including Reuters and BBC, with background on U.S.-Russia relations from archival reporting. readers seeking additional perspectives can consult: NATO declassified materials, Reuters coverage, BBC News.'
		);
		expect(article.sources).toEqual([article.sources[0], '– End of report']);
		expect(article.sources.some((s) => s.startsWith('Share your thoughts'))).toBe(false);
	});

	it('keeps the author’s text exactly, typos and lower-case names included', () => {
		const intro = blocksOf(section(article, 'introduction'), 'paragraph');
		expect(intro[0]!.text).toBe(seedText.split('\n')[17]);
		expect(intro[0]!.text).toContain('Vladimir putin and George W. Bush');
		expect(intro[0]!.text).toContain('in todayS geopolitics.');
		expect(intro[1]!.text).toContain('russia’s neighborhood');
		expect(article.prompts[2]!.text).toContain('find moast illuminating');
		const closing = blocksOf(
			section(article, 'real-world-examples-recent-nato-decisions-2025'),
			'paragraph'
		);
		expect(closing.at(-1)!.text.startsWith('Thes policy moves')).toBe(true);
		expect(section(article, 'what-the-records-reveal').blocks[2]).toMatchObject({
			type: 'paragraph',
			text: expect.stringContaining('add nuance to it.They show')
		});
	});

	it('keeps every non-blank body line once, as a paragraph, list item or table row', () => {
		const seen = new Set<number>();
		for (const s of article.sections) {
			for (const b of s.blocks) {
				if (b.type === 'paragraph') seen.add(b.line);
				if (b.type === 'list') for (const i of b.items) seen.add(i.line);
				if (b.type === 'table') for (let n = 0; n < b.rows.length + 2; n++) seen.add(b.line + n);
			}
		}
		const headings = new Set([...article.sections.map((s) => s.line), 43]);
		const bodyLines = seedText
			.split('\n')
			.map((text, i) => ({ text, line: i + 1 }))
			.filter(({ text, line }) => line >= 18 && text.trim() !== '' && !headings.has(line));
		expect(bodyLines.filter(({ line }) => !seen.has(line))).toEqual([]);
	});
});

describe('parseArticle rejects malformed articles with "line N:"', () => {
	it('rejects an empty file at line 1', () => {
		const error = rejection(fixture('empty.txt'));
		expect(error.message).toBe('line 1: the file is empty');
		expect(error.line).toBe(1);
	});

	it('rejects a file of only whitespace at line 1', () => {
		expect(rejection(fixture('whitespace-only.txt')).message).toMatch(/^line 1: /);
		expect(rejection('\r\n  \r\n\t').message).toMatch(/^line 1: /);
	});

	it('rejects bytes that are not UTF-8, naming the line that holds them', () => {
		const bytes = Buffer.concat([
			Buffer.from('A title\nTable of Contents\n- 1. A title – '),
			Buffer.from([0xff, 0xfe, 0x41]),
			Buffer.from('\nBody text.\nMore text.\n')
		]);
		const error = rejection(bytes);
		expect(error.message).toMatch(/^line 3: /);
		expect(error.message).toContain('not UTF-8');
	});

	it('names the right line for Latin-1 text, truncated sequences and UTF-8 surrogates', () => {
		const on = (line: number, bad: number[]) =>
			Buffer.concat([
				Buffer.from('A title\n'.repeat(line - 1)),
				Buffer.from('caf'),
				Buffer.from(bad),
				Buffer.from(' au lait\nnext line\nlast line\n')
			]);
		expect(rejection(on(3, [0xe9])).message).toMatch(/^line 3: /); // Latin-1 é
		expect(rejection(on(2, [0xe2, 0x80])).message).toMatch(/^line 2: /); // cut-short ’
		expect(rejection(on(4, [0xed, 0xa0, 0x80])).message).toMatch(/^line 4: /); // U+D800
		expect(rejection(on(3, [0xe0, 0x80, 0xa9])).message).toMatch(/^line 3: /); // overlong
		expect(rejection(on(5, [0xf4, 0x90, 0x80, 0x80])).message).toMatch(/^line 5: /); // > U+10FFFF
		const cutAtEnd = Buffer.concat([
			Buffer.from('A title\nTable of Contents\n- 1. A\nend'),
			Buffer.from([0xe2])
		]);
		expect(rejection(cutAtEnd).line).toBe(4);
	});

	it('rejects binary content (NUL and other control bytes), naming the line', () => {
		const nul = Buffer.concat([
			Buffer.from('A title\nTable of Contents\n- 1. A title\nText'),
			Buffer.from([0x00, 0x01, 0x02]),
			Buffer.from('\n')
		]);
		const error = rejection(nul);
		expect(error.message).toMatch(/^line 4: /);
		expect(error.message).toContain('not plain text');
		expect(rejection(Buffer.from([0x00, 0x00, 0x00, 0x00])).message).toMatch(/^line 1: /);
		expect(rejection('Title\n\u0007bell\n').message).toMatch(/^line 2: /);
	});

	it('rejects a file without "Table of Contents" after the title', () => {
		const error = rejection(fixture('missing-toc.txt'));
		expect(error.message).toBe('line 2: expected "Table of Contents" after the title');
		expect(rejection('Only a title\n').message).toMatch(/^line \d+: expected "Table of Contents"/);
	});

	it('rejects a table of contents with no entries, at the line after it', () => {
		const error = rejection(fixture('toc-without-entries.txt'));
		expect(error.message).toMatch(/^line 3: /);
		expect(error.message).toContain('no "- N. Heading" entries');
	});

	it('rejects a contents entry whose heading is not on a line of its own, naming the contents line', () => {
		const error = rejection(fixture('toc-heading-missing.txt'));
		expect(error.line).toBe(5);
		expect(error.message).toMatch(/^line 5: contents entry 3 "Absent heading"/);
	});

	it('rejects a table row with the wrong number of cells, naming the row’s line', () => {
		const error = rejection(fixture('ragged-table.txt'));
		expect(error.message).toBe('line 10: table row has 2 cells but the header has 3');
	});

	it('rejects a table without a |---| separator row, naming the line where it belongs', () => {
		const error = rejection(fixture('table-without-separator.txt'));
		expect(error.message).toMatch(/^line 8: /);
		expect(error.message).toContain('|---| separator');
	});

	it('rejects an article whose every section is empty, instead of importing nothing', () => {
		const error = rejection('A title\nTable of Contents\n- 1. A title\n- 2. Heading\nHeading\n');
		expect(error.message).toMatch(/^line 2: /);
		expect(error.message).toContain('empty');
	});

	it('rejects a title that yields no slug (no Latin letter or digit) at line 1', () => {
		const error = rejection('Война и мир\nTable of Contents\n- 1. Война и мир\nТекст.\n');
		expect(error.message).toMatch(/^line 1: /);
		expect(error.message).toContain('title');
	});

	it('rejects a bad table even in a section that comes after good ones', () => {
		const text = fixtureText('messy.txt').replace('| Cake | €4 | |', '| Cake | €4 |');
		expect(rejection(text).message).toBe('line 21: table row has 2 cells but the header has 3');
	});
});

describe('parseArticle on messy but valid articles', () => {
	const lf = fixtureText('messy.txt');
	const article = parseArticle(lf);

	it('gives the same result for CRLF (and old-Mac CR) line endings as for LF', () => {
		expect(lf).not.toContain('\r');
		expect(parseArticle(lf.replace(/\n/g, '\r\n'))).toEqual(article);
		expect(parseArticle(Buffer.from(lf.replace(/\n/g, '\r\n')))).toEqual(article);
		expect(parseArticle(lf.replace(/\n/g, '\r'))).toEqual(article);
	});

	it('ignores a byte-order mark, as bytes or as a string', () => {
		expect(parseArticle(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lf)]))).toEqual(
			article
		);
		expect(parseArticle('\uFEFF' + lf)).toEqual(article);
		expect(article.title.startsWith('Café')).toBe(true);
	});

	it('keeps en dashes, curly quotes and accents exactly', () => {
		expect(article.title).toBe('Café Élan’s “Odd” Guide – Part 1');
		expect(article.slug).toBe('cafe-elans-odd-guide-part-1');
		const intro = blocksOf(section(article, 'introduction'), 'paragraph');
		expect(intro[1]!.text).toBe(
			'it keeps teh typo, “curly quotes” and ‘single ones’, and 9–5 en dashes.'
		);
	});

	it('keeps an empty table cell as an empty string', () => {
		const [table] = blocksOf(section(article, 'key-facts'), 'table');
		expect(table!.header).toEqual(['Item', 'Price', 'Note']);
		expect(table!.rows).toEqual([
			['Coffee – black', '€3', '“cheap”'],
			['Tea', '', 'ask the staff'],
			['Cake', '€4', '']
		]);
	});

	it('does not split a section where a paragraph merely mentions a heading’s words', () => {
		const intro = section(article, 'introduction');
		expect(intro.blocks).toHaveLength(2);
		expect(intro.blocks[0]).toMatchObject({
			type: 'paragraph',
			text: 'The intro names Key Facts and WHAT we Found in passing – neither line is a heading.'
		});
		expect(section(article, 'key-facts').line).toBe(16);
	});

	it('matches a heading whose capitals differ from the contents entry, keeping the entry’s text', () => {
		const found = section(article, 'what-we-found');
		expect(found.title).toBe('WHAT we Found');
		expect(found.line).toBe(22);
		expect(found.blocks[0]).toMatchObject({
			type: 'list',
			items: [
				{ label: 'Opening hours', separator: ' – ', text: '9–5, closed on Mondays.' },
				{ label: 'Owner', separator: ': ', text: 'Élan Dupont' },
				{ text: 'a plain item with no label' }
			]
		});
		expect((found.blocks[0] as Extract<Block, { type: 'list' }>).items[2]).not.toHaveProperty(
			'label'
		);
	});

	it('skips a heading with no body, with a warning naming its line', () => {
		expect(article.sections.map((s) => s.title)).not.toContain('Empty heading');
		expect(article.warnings).toEqual(['line 26: section "Empty heading" has no text; skipped']);
	});

	it('gives a second section with the same title the slug x-2', () => {
		const notes = article.sections.filter((s) => s.title === 'Notes');
		expect(notes.map((s) => s.slug)).toEqual(['notes', 'notes-2']);
	});

	it('never gives a section the reserved slugs "quiz" or "discuss"', () => {
		const slugs = article.sections.map((s) => s.slug);
		expect(slugs).not.toContain('quiz');
		expect(slugs).not.toContain('discuss');
		expect(article.sections.find((s) => s.title === 'Quiz')!.slug).toBe('quiz-2');
		expect(article.sections.find((s) => s.title === 'Discuss')!.slug).toBe('discuss-2');
	});

	it('never gives a section the slug "edit", where the question editor lives', () => {
		const text = 'Edits\nTable of Contents\n- 1. Edits\n- 2. Edit\nEdits\nIntro.\nEdit\nBody.\n';
		expect(parseArticle(text).sections.map((s) => s.slug)).toEqual(['introduction', 'edit-2']);
	});

	it('gives every section a unique slug', () => {
		const slugs = article.sections.map((s) => s.slug);
		expect(new Set(slugs).size).toBe(slugs.length);
	});

	it('recognises "Reader Questions" whatever its capitals, and makes each of its lines a prompt', () => {
		expect(section(article, 'reader-questions').kind).toBe('prompts');
		expect(section(article, 'sources').kind).toBe('sources');
	});

	it('makes a "Tell us…" line outside Reader questions a prompt, numbering all prompts in article order', () => {
		expect(article.prompts.map((p) => [p.number, p.text, p.sectionSlug, p.line])).toEqual([
			[1, 'Tell us what you would add to this guide.', 'notes', 28],
			[2, 'What did you find odd?', 'reader-questions', 37],
			[3, 'Would you go back?', 'reader-questions', 38],
			[4, 'Share your thoughts in the comments.', 'sources', 41]
		]);
		expect(article.sources).toEqual(['The Guide Michelin, 2024.']);
	});

	it('does not make a sentence that only contains "tell us" a prompt', () => {
		const text = lf.replace(
			'Tell us what you would add to this guide.',
			'Readers often tell us what they would add.'
		);
		const prompts = parseArticle(text).prompts;
		expect(prompts.map((p) => p.text)).not.toContain('Readers often tell us what they would add.');
		expect(prompts).toHaveLength(3);
	});

	it('warns, without rejecting, when the contents are misnumbered or do not repeat the title', () => {
		const text =
			'Real title\nTable of Contents\n- 1. Another title\n- 3. Part\nIntro text.\nPart\nPart text.\n';
		const parsed = parseArticle(text);
		expect(parsed.sections.map((s) => s.slug)).toEqual(['introduction', 'part']);
		expect(parsed.warnings).toEqual([
			'line 4: contents entry numbered 3, expected 2',
			'line 3: the first contents entry does not repeat the title'
		]);
	});

	it('keeps a literal pipe written as \\| inside a table cell', () => {
		const text = 'T\nTable of Contents\n- 1. T\nIntro.\n| A | B |\n|---|---|\n| x \\| y | z |\n';
		const [table] = blocksOf(parseArticle(text).sections[0]!, 'table');
		expect(table!.rows).toEqual([['x | y', 'z']]);
	});
});
