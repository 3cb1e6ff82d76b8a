import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../article/parse';
import type { Article } from '../article/types';
import { fixtureArticle, seedArticle } from '../../../tests/fixtures/quiz/load';
import { locateEvidence, sectionPassages } from './evidence';
import {
	NO_SOURCE_OPTION,
	generateTableQuestions,
	readFigure,
	statedSource,
	withArticle
} from './generate';
import { GENERATED_ID_PREFIX, questionSchema, type Question, type QuestionOf } from './schema';
import { normalizeAnswer } from './text';

const seed = seedArticle();
const seedQuestions = generateTableQuestions(seed);
const results = fixtureArticle('tables-results.txt');
const resultsQuestions = generateTableQuestions(results);
const claims = fixtureArticle('tables-claims.txt');
const claimsQuestions = generateTableQuestions(claims);
const tables = fixtureArticle('tables.txt');
const tablesQuestions = generateTableQuestions(tables);
/** Another helper's unseen news fixture: a funding table whose figures also stand in the prose. */
const tram = parseArticle(
	readFileSync(
		fileURLToPath(
			new URL('../../../tests/fixtures/articles/prose-news-harbour-tram.txt', import.meta.url)
		),
		'utf8'
	)
);
const tramQuestions = generateTableQuestions(tram);

const fixtures: [string, Article, Question[]][] = [
	['the seed article', seed, seedQuestions],
	['tables-results.txt', results, resultsQuestions],
	['tables-claims.txt', claims, claimsQuestions],
	['tables.txt', tables, tablesQuestions],
	['prose-news-harbour-tram.txt', tram, tramQuestions]
];

const inSection = (qs: Question[], slug: string) => qs.filter((q) => q.evidence.section === slug);
const ofType =
	<T extends Question['type']>(type: T) =>
	(qs: Question[]) =>
		qs.filter((q): q is QuestionOf<T> => q.type === type);
const singles = ofType('single');
const matchings = ofType('matching');
const numerics = ofType('numeric');
const asking = <Q extends Question>(qs: Q[], ...parts: string[]) =>
	qs.filter((q) => parts.every((p) => q.text.includes(p)));
const one = <Q extends Question>(qs: Q[], ...parts: string[]): Q => {
	const found = asking(qs, ...parts);
	expect(found, parts.join(' / ')).toHaveLength(1);
	return found[0]!;
};

/**
 * The facts a question asks, as "table|row key|column", read back from its wording: a
 * matching asks one fact per pair, any other question one.
 */
function factsOf(q: Question): string[] {
	const table = /^According to the article’s ((?:\w+ )?table in “[^”]+”), /.exec(q.text)![1]!;
	if (q.type === 'matching') {
		const column = /with the (?:entry under “(.+?)”|(.+?)) in the same row/.exec(q.text)!;
		return q.pairs.map((p) => `${table}|${p.left}|${(column[1] ?? column[2])!.toLowerCase()}`);
	}
	const key = /for “([^”]+)”(?: under “[^”]+”)?\?$/.exec(q.text)![1]!;
	const under = /under “([^”]+)”/.exec(q.text)?.[1];
	const column = q.text.includes(', which source does it give')
		? `source${under ? ` ${under}` : ''}`
		: (under ?? /, (?:what|how many|which) (.+?) does it give/.exec(q.text)![1]!);
	return [`${table}|${key}|${column.toLowerCase()}`];
}

describe('generateTableQuestions: every question on every fixture', () => {
	it.each(fixtures)(
		'produces questions a bank accepts, with evidence that stands verbatim (%s)',
		(_, article, qs) => {
			expect(qs.length).toBeGreaterThan(0);
			for (const q of qs) {
				expect(questionSchema.safeParse(q).success, q.id).toBe(true);
				expect(locateEvidence(article, q.evidence), q.id).not.toBeNull();
				expect(q.id.startsWith(GENERATED_ID_PREFIX), q.id).toBe(true);
			}
			expect(new Set(qs.map((q) => q.id)).size).toBe(qs.length);
		}
	);

	it.each(fixtures)('never asks the same fact twice: one form per column (%s)', (_, __, qs) => {
		const facts = qs.flatMap(factsOf);
		const twice = facts.filter((f, i) => facts.indexOf(f) !== i);
		expect(twice).toEqual([]);
	});

	it.each(fixtures)('always attributes the question to the article’s table (%s)', (_, __, qs) => {
		for (const q of qs) {
			expect(q.text, q.id).toMatch(
				/^According to the article’s (\w+ )?table in “[^”]+”, (match|(what|which|how many)\b.* does it give)/
			);
		}
	});

	it.each(fixtures)(
		'never uses a quoted header as a noun ("each “Date”", "what “Price”") (%s)',
		(_, __, qs) => {
			for (const q of [...qs.map((q) => q.text), ...qs.map((q) => q.explanation)]) {
				expect(q).not.toMatch(/\b(each|a|an|its|what|which|many) “/i);
			}
		}
	);

	it.each(fixtures)(
		'names the section’s stated source in every explanation, or says there is none (%s)',
		(_, article, qs) => {
			for (const q of qs) {
				const section = article.sections.find((s) => s.slug === q.evidence.section)!;
				const table = section.blocks.findIndex((b) => b.type === 'table');
				const source = statedSource(section, table);
				if (source) expect(q.explanation, q.id).toContain(`the section says: “${source}”`);
				else expect(q.explanation, q.id).toContain('The section gives no source for this table');
			}
		}
	);

	it.each(fixtures)(
		'is deterministic: same article in, same questions and ids out (%s)',
		(name, _, qs) => {
			const again =
				name === 'the seed article'
					? generateTableQuestions(seedArticle())
					: name === 'prose-news-harbour-tram.txt'
						? generateTableQuestions(structuredClone(tram))
						: generateTableQuestions(fixtureArticle(name));
			expect(again).toEqual(qs);
		}
	);
});

describe('generateTableQuestions on the seed article', () => {
	const keyFacts = inSection(seedQuestions, 'key-facts-at-a-glance');
	const dialog = inSection(seedQuestions, 'the-secret-dialog-what-the-leaked-exchanges-reveal');

	it('asks “Key facts at a glance” once per column: a matching for the short timeframes, a single choice per row for the long sentences', () => {
		expect(keyFacts).toHaveLength(7);
		const [timeframe] = matchings(keyFacts);
		expect(matchings(keyFacts)).toHaveLength(1);
		expect(timeframe!.text).toBe(
			'According to the article’s table in “Key facts at a glance”, match each topic with the timeframe in the same row.'
		);
		expect(timeframe!.pairs).toEqual([
			{ left: 'NATO expansion', right: 'early 2000s' },
			{ left: 'Ukraine’s status', right: '2008 and earlier' },
			{ left: 'Security assurances', right: '2001-2008' }
		]);
		// The timeframes are asked by the matching alone, no longer also row by row.
		expect(asking(singles(keyFacts), 'timeframe')).toEqual([]);
		expect(asking(singles(keyFacts), '“What the records suggest”')).toHaveLength(3);
		expect(asking(singles(keyFacts), 'what public implications does')).toHaveLength(3);
	});

	it('asks the dialog table’s participants as one matching and each core message as its own single choice', () => {
		expect(dialog).toHaveLength(4);
		expect(matchings(dialog).map((q) => q.pairs.map((p) => p.left))).toEqual([
			['June 2006', 'March 2008', 'September 2024']
		]);
		expect(matchings(dialog)[0]!.text).toContain(
			'match each date with the participants in the same row'
		);
		expect(asking(singles(dialog), 'what core message does')).toHaveLength(3);
	});

	it('words a column headed by a question without garbling it', () => {
		const q = one(singles(keyFacts), 'NATO expansion', 'What the records suggest');
		expect(q.text).toBe(
			'According to the article’s table in “Key facts at a glance”, what does it give under “What the records suggest” for “NATO expansion”?'
		);
	});

	it('uses the answer’s own cell as evidence, leading to that row of the table', () => {
		const q = one(singles(dialog), '“March 2008”');
		expect(q.evidence.quote).toBe(q.answer);
		const table = dialog[0] && seed.sections.find((s) => s.slug === q.evidence.section)!;
		const where = locateEvidence(seed, q.evidence)!;
		expect(table!.blocks[where.blockIndex]!.type).toBe('table');
		expect(where.text).toBe(q.answer);
		// A matching asks a whole column: its evidence is the column's header cell.
		expect(matchings(dialog)[0]!.evidence.quote).toBe('participants');
	});

	it('names the dialog section’s own stated source, and says the key-facts table gives none', () => {
		for (const q of dialog) {
			expect(q.explanation).toContain(
				'the section says: “Source – A set of encrypted email threads and recorded phone calls, obtained by The Intercept and verified by The New York Times (2024).”'
			);
		}
		for (const q of keyFacts)
			expect(q.explanation).toContain('The section gives no source for this table');
	});

	it('does not quote a cell that the author already put in quotation marks twice', () => {
		const q = one(singles(dialog), '“June 2006”');
		expect(q.explanation).toContain(`gives ${q.answer} for “June 2006”`);
		expect(q.explanation).not.toContain('““');
	});

	it('keeps the ids earlier versions gave a column’s matching and a row’s single choice', () => {
		// Learners' attempts and review cards refer to these ids: they must never drift.
		expect(matchings(keyFacts)[0]!.id).toBe('table-154270ef86db91');
		expect(one(singles(keyFacts), 'NATO expansion', 'public implications').id).toBe(
			'table-0cb885c044079d'
		);
	});
});

describe('generateTableQuestions on a results table (tables-results.txt)', () => {
	const party = inSection(resultsQuestions, 'results-by-party');
	const turnout = inSection(resultsQuestions, 'turnout-by-district');
	const history = inSection(resultsQuestions, 'party-history');

	it('asks a column that counts something as “how many…”, a numeric question with the exact figure', () => {
		const q = one(numerics(party), 'how many seats', '“Labour Union”');
		expect(q).toMatchObject({ answer: 11, tolerance: 0 });
		expect(q.text).toBe(
			'According to the article’s table in “Results by party”, how many seats does it give for “Labour Union”?'
		);
		expect(one(numerics(turnout), 'how many registered voters', '“Eastbrook”')).toMatchObject({
			answer: 9350,
			tolerance: 0
		});
	});

	it('gives a tolerance where the table itself rounds, and says so', () => {
		const q = one(numerics(turnout), 'how many registered voters', '“Saltmarsh”');
		expect(q).toMatchObject({ answer: 15000, tolerance: 500 });
		expect(q.explanation).toContain(
			'The table rounds (“about 15,000”), so any answer within ± 500 counts.'
		);
		expect(one(numerics(turnout), 'what turnout', '“Saltmarsh”')).toMatchObject({
			answer: 70,
			tolerance: 5,
			unit: '%'
		});
	});

	it('shows the unit a cell or its header gives, and reads signed changes', () => {
		expect(one(numerics(party), 'what share of vote', "“Farmers' League”")).toMatchObject({
			answer: 14,
			unit: '%'
		});
		// "Turnout (%)": the header carries the unit, the cells are bare numbers.
		expect(one(numerics(turnout), 'what turnout', '“Northmoor”')).toMatchObject({
			answer: 62,
			unit: '%'
		});
		expect(numerics(asking(party, 'what change')).map((q) => q.answer)).toEqual([3, -2, 0, -1]);
	});

	it('asks a year column as “which year”, under its header when the header is no noun', () => {
		const q = one(numerics(history), '“Labour Union”');
		expect(q.text).toBe(
			'According to the article’s first table in “Party history”, which year does it give for “Labour Union” under “Founded”?'
		);
		expect(q.answer).toBe(1921);
		expect(one(numerics(history), '“Ines Moreau”').text).toBe(
			'According to the article’s second table in “Party history”, which year does it give for “Ines Moreau” under “Leader since”?'
		);
	});

	it('no longer skips a column with repeated values: one single choice per row, options deduplicated', () => {
		const regions = asking(singles(turnout), 'what region');
		expect(regions.map((q) => q.answer)).toEqual(['North', 'North', 'Coast', 'South']);
		for (const q of regions) {
			expect(q.options).toEqual(['North', 'Coast', 'South']);
			expect(q.options.filter((o) => o === q.answer)).toHaveLength(1);
		}
	});

	it('words a matching with the right article: “an emblem”, “a leader”', () => {
		expect(one(matchings(history), 'emblem').explanation).toMatch(
			/^The article’s first table in “Party history” gives an emblem for each party: read across the row\./
		);
		expect(one(matchings(party), 'leader').explanation).toContain('gives a leader for each party');
	});

	it('names the stated source, found in the section’s prose with compromise’s sentences', () => {
		for (const q of party) {
			expect(q.explanation).toContain(
				"the section says: “The Green Alliance won the most seats, according to the Electoral Commission's provisional count published on Monday.”"
			);
		}
		for (const q of [...turnout, ...history]) {
			expect(q.explanation).toContain('The section gives no source for this table');
		}
	});

	it('counts per table and column: 4 × seats, share, change as numbers; leaders as one matching', () => {
		expect(numerics(party)).toHaveLength(12);
		expect(matchings(party)).toHaveLength(1);
		expect(turnout.map((q) => q.type)).toEqual([
			...Array(8).fill('numeric'),
			...Array(4).fill('single')
		]);
		expect(history.map((q) => q.type)).toEqual([
			...Array(4).fill('numeric'),
			'matching',
			...Array(3).fill('numeric')
		]);
	});
});

describe('generateTableQuestions on a sources table (tables-claims.txt)', () => {
	const who = inSection(claimsQuestions, 'who-says-what');
	const coverage = inSection(claimsQuestions, 'the-coverage');
	const measurements = inSection(claimsQuestions, 'the-measurements');

	it('asks a “Source” column as “Which source does the table give for…?”, with “none named” as an option', () => {
		const q = one(singles(who), '“Nitrate levels are within legal limits”');
		expect(q.text).toBe(
			'According to the article’s table in “Who says what”, which source does it give for “Nitrate levels are within legal limits”?'
		);
		expect(q.answer).toBe('Ministry of Environment');
		expect(q.options).toEqual(['Green River Trust', 'Ministry of Environment', NO_SOURCE_OPTION]);
	});

	it('asks a row whose source cell is empty, the answer being that the table names none', () => {
		const q = one(singles(who), '“The weir blocks salmon migration”');
		expect(q.answer).toBe(NO_SOURCE_OPTION);
		expect(q.explanation).toContain('leaves “Source” empty for “The weir blocks salmon migration”');
		// No empty cell to quote: the row's key cell leads the reader to it.
		expect(q.evidence.quote).toBe('The weir blocks salmon migration');
	});

	it('treats “Outlet” and “According to” as source columns too, offering each source once', () => {
		const outlets = asking(singles(coverage), 'which source does');
		expect(outlets.map((q) => q.answer)).toEqual([
			'The Valley Courier',
			'Radio North',
			'The Valley Courier'
		]);
		for (const q of outlets) {
			expect(q.options).toEqual(['The Valley Courier', 'Radio North', NO_SOURCE_OPTION]);
		}
		const according = asking(singles(measurements), 'which source');
		expect(according.map((q) => q.answer)).toEqual([
			'Green River Trust',
			"Anglers' Union",
			'Ministry of Environment'
		]);
	});

	it('credits each row to the source its table names, when asking another column of that row', () => {
		const angles = asking(singles(coverage), 'what angle does');
		expect(angles).toHaveLength(3);
		expect(one(angles, '“The nitrate figures”').explanation).toContain(
			'The table credits this row to “Radio North” (under “Outlet”).'
		);
	});

	it('recognises “Who” and “Body” headers as sources too, but not a header that merely contains one', () => {
		const article = parseArticle(
			[
				'Headers',
				'Table of Contents',
				'- 1. Headers',
				'| Claim | Who | Body | Whole number | Sourced? |',
				'|---|---|---|---|---|',
				'| Rates will rise | The governor | Central bank | 3 | yes |',
				'| Rents will fall | A landlord | Tenants’ union | 4 | no |',
				''
			].join('\n')
		);
		const qs = generateTableQuestions(article);
		expect(factsOf(qs[0]!)).not.toEqual(factsOf(qs[2]!));
		expect(qs[0]!.text).toBe(
			'According to the article’s table in “Headers”, which source does it give for “Rates will rise” under “Who”?'
		);
		expect(asking(qs, 'which source does').map((q) => (q as QuestionOf<'single'>).answer)).toEqual([
			'The governor',
			'A landlord',
			'Central bank',
			'Tenants’ union'
		]);
		expect(asking(qs, 'what whole number does')).toHaveLength(2);
		expect(matchings(qs).map((q) => q.text)).toEqual([
			'According to the article’s table in “Headers”, match each claim with the entry under “Sourced?” in the same row.'
		]);
	});

	it('asks a column of figures with different units as a matching, not as numbers', () => {
		const q = one(matchings(measurements), 'value');
		expect(q.pairs.map((p) => p.right)).toEqual(['42 km', 'about 2,000 fish', '12 sites']);
		expect(numerics(claimsQuestions)).toEqual([]);
	});

	it('does not use a header that is no noun as one: “Made in” is asked under its header', () => {
		expect(one(matchings(who), 'Made in').text).toBe(
			'According to the article’s table in “Who says what”, match each claim with the entry under “Made in” in the same row.'
		);
	});

	it('names the stated source, a “Source:” line, and says where a section states none', () => {
		for (const q of who) {
			expect(q.explanation).toContain(
				"the section says: “Source: claims compiled by the newspaper's data desk from public statements made in 2023.”"
			);
		}
		for (const q of [...coverage, ...measurements]) {
			expect(q.explanation).toContain('The section gives no source for this table');
		}
	});

	it('uses the answer cell as evidence where it leads to its row, the key cell where the same source stood earlier', () => {
		const first = one(singles(who), '“Fish stocks have halved since 2010”');
		expect(first.evidence.quote).toBe('Green River Trust');
		const later = one(singles(who), '“Farm runoff is the main cause”');
		expect(later.evidence.quote).toBe('Farm runoff is the main cause');
		for (const q of [...singles(who), ...singles(coverage)]) {
			const where = locateEvidence(claims, q.evidence)!;
			const section = claims.sections.find((s) => s.slug === q.evidence.section)!;
			expect(section.blocks[where.blockIndex]!.type, q.id).toBe('table');
			expect(where.text, q.id).toSatisfy(
				(text: string) => text === q.answer || q.text.includes(`“${text}”`)
			);
		}
	});
});

describe('generateTableQuestions on fixture tables (tables.txt, messy inputs)', () => {
	it('asks a column whose values repeat (even differing in case), never offering the right value twice', () => {
		const currency = asking(singles(inSection(tablesQuestions, 'capitals')), 'what currency');
		expect(currency.map((q) => [q.answer, q.options])).toEqual([
			['Euro', ['Euro', 'Yen']],
			['euro', ['euro', 'Yen']],
			['Yen', ['Euro', 'Yen']]
		]);
		for (const q of singles(tablesQuestions)) {
			expect(new Set(q.options.map(normalizeAnswer)).size).toBe(q.options.length);
		}
	});

	it('skips empty cells: never asks them and never offers them as options', () => {
		const planets = inSection(tablesQuestions, 'planets');
		expect(asking(planets, 'moons', '“Saturn”')).toEqual([]);
		expect(numerics(planets).map((q) => q.answer)).toEqual([2, 0, 95]);
		expect(matchings(planets)[0]!.pairs).toEqual([
			{ left: 'Jupiter', right: 'Largest' },
			{ left: 'Saturn', right: 'Rings' }
		]);
	});

	it('asks a one-row table only where no choice is needed: a figure', () => {
		expect(inSection(tablesQuestions, 'a-single-row').map((q) => q.type)).toEqual(['numeric']);
	});

	it('leaves out rows whose key is repeated, since "the" value for that key is ambiguous', () => {
		const repeated = inSection(tablesQuestions, 'repeated-keys');
		expect(repeated).toHaveLength(1);
		expect(repeated[0]).toMatchObject({ type: 'numeric', answer: 3 });
		expect(repeated[0]!.text).toContain('“Pear”');
	});

	it('never asks the key column itself', () => {
		for (const q of tablesQuestions)
			expect(q.text).not.toMatch(/, what (country|planet|item) does it/);
	});

	it('falls back to the row’s key cell when the answer’s text stands earlier in the prose', () => {
		// "€130 million" stands in the paragraph above the table, so quoting it would lead there.
		const q = one(numerics(tramQuestions), 'what amount', '“National government”');
		expect(q).toMatchObject({ answer: 130, unit: '€ million' });
		expect(q.evidence.quote).toBe('National government');
		expect(one(numerics(tramQuestions), 'what amount', '“Municipal bond”').evidence.quote).toBe(
			'€60 million'
		);
	});

	it('takes a weak cue (“…, the finance department reported.”) only from the paragraph before the table', () => {
		expect(tramQuestions[0]!.explanation).toContain(
			'the section says: “The line is expected to cost €212 million, of which the national government will cover nearly €130 million, the finance department reported.”'
		);
	});

	it('splits a long column of short values into balanced matchings, each row in one of them', () => {
		const rows = Array.from({ length: 8 }, (_, i) => `| Row ${i + 1} | Value ${i + 1} |`).join(
			'\n'
		);
		const long = parseArticle(
			`Long\nTable of Contents\n- 1. Long\n| Key | Label |\n|---|---|\n${rows}\n`
		);
		const generated = generateTableQuestions(long);
		expect(generated.map((q) => q.type)).toEqual(['matching', 'matching']);
		expect(matchings(generated).map((q) => q.pairs.length)).toEqual([4, 4]);
		expect(matchings(generated).flatMap((q) => q.pairs.map((p) => p.left))).toEqual(
			Array.from({ length: 8 }, (_, i) => `Row ${i + 1}`)
		);
		expect(generated[1]!.text).toContain('(part 2 of 2)');
	});

	it('offers at most three distractors from a column of long values, always with the right value', () => {
		const rows = Array.from(
			{ length: 8 },
			(_, i) =>
				`| Row ${i + 1} | A long sentence that is far too long to read comfortably in a drop-down menu, number ${i + 1} of them. |`
		).join('\n');
		const long = parseArticle(
			`Long\nTable of Contents\n- 1. Long\n| Key | Summary |\n|---|---|\n${rows}\n`
		);
		const generated = generateTableQuestions(long);
		expect(generated).toHaveLength(8);
		for (const q of singles(generated)) {
			expect(q.options).toHaveLength(4);
			expect(q.options).toContain(q.answer);
		}
	});

	it('asks counting headers as “how many…” and other figures by their header, never garbled', () => {
		const counts = parseArticle(
			[
				'Counts',
				'Table of Contents',
				'- 1. Counts',
				'| Town | Number of schools | How many bridges? | Count | Number | Height (m) |',
				'|---|---|---|---|---|---|',
				'| Ashby | 4 | 2 | 120 people | 7 | 35 |',
				'| Brill | 6 | 5 | 80 people | 9 | 41.5 |',
				''
			].join('\n')
		);
		const texts = numerics(generateTableQuestions(counts))
			.filter((q) => q.text.includes('“Ashby”'))
			.map((q) => [
				q.text.replace(
					/^According to the article’s table in “Counts”, (.+) does it give for “Ashby”\?$/,
					'$1?'
				),
				q.unit
			]);
		expect(texts).toEqual([
			['how many schools?', undefined],
			['how many bridges?', undefined],
			['how many people?', 'people'],
			['what number?', undefined],
			['what height?', 'm']
		]);
	});

	it('quotes a key or value once, even when the author already put it in quotation marks', () => {
		const article = parseArticle(
			[
				'Slogans',
				'Table of Contents',
				'- 1. Slogans',
				'| Slogan | Party | Gist |',
				'|---|---|---|',
				'| “Build it” | Greens | “Build the line now, before the river floods the lower town and the old harbour again next spring” |',
				'| “Hold on” | Greens | “Wait for the review, and for the money, before anyone digs up the harbour and the old market square” |',
				'| “Go now” | Reds | Speed |',
				''
			].join('\n')
		);
		const qs = generateTableQuestions(article);
		expect(qs.map((q) => q.type)).toEqual(Array(6).fill('single'));
		expect(qs[0]!.text).toBe(
			'According to the article’s table in “Slogans”, what party does it give for “Build it”?'
		);
		expect(qs.map((q) => q.text + q.explanation).join('\n')).not.toMatch(/““|””/);
	});

	it('gives no questions for an article without tables', () => {
		const plain = parseArticle('Plain\nTable of Contents\n- 1. Plain\nJust a paragraph.\n');
		expect(generateTableQuestions(plain)).toEqual([]);
	});

	it('derives an id from the section, table index, row key and column, so unrelated edits keep it', () => {
		const edited = parseArticle(
			`Tables for Testing\nTable of Contents\n- 1. Tables for Testing\n- 2. Capitals\nA new introduction.\nCapitals\n| Country | Capital | Region |\n|---|---|---|\n| Japan | Tokyo | Asia |\n| France | Paris (FR) | Europe |\n| Germany | Berlin | Europe |\n`
		);
		const id = (qs: Question[]) => one(singles(qs), 'what region', '“France”').id;
		expect(id(generateTableQuestions(edited))).toBe(id(tablesQuestions));
	});
});

describe('readFigure', () => {
	it('reads one figure with its unit, and a tolerance only where the text rounds', () => {
		expect(readFigure('95')).toEqual({ value: 95, unit: '', tolerance: 0 });
		expect(readFigure('38.5%')).toEqual({ value: 38.5, unit: '%', tolerance: 0 });
		expect(readFigure('€130 million')).toEqual({ value: 130, unit: '€ million', tolerance: 0 });
		expect(readFigure('about 400')).toEqual({ value: 400, unit: '', tolerance: 50 });
		expect(readFigure('roughly 1,250 km')).toEqual({ value: 1250, unit: 'km', tolerance: 5 });
		expect(readFigure('~2.5 kg')).toEqual({ value: 2.5, unit: 'kg', tolerance: 0.05 });
		expect(readFigure('-2')).toEqual({ value: -2, unit: '', tolerance: 0 });
	});

	it('refuses what is not one figure', () => {
		for (const cell of ['2001-2008', 'early 2000s', '2 (est.)', 'Paris', '', '1,2,3'])
			expect(readFigure(cell), cell).toBeNull();
	});
});

describe('withArticle', () => {
	it('chooses "a" or "an" by sound', () => {
		expect(
			[
				'timeframe',
				'emblem',
				'outlet',
				'hour',
				'university',
				'one-off',
				'MP',
				'FBI',
				'UN',
				'NATO summit',
				'European'
			].map(withArticle)
		).toEqual([
			'a timeframe',
			'an emblem',
			'an outlet',
			'an hour',
			'a university',
			'a one-off',
			'an MP',
			'an FBI',
			'a UN',
			'a NATO summit',
			'a European'
		]);
	});
});

describe('statedSource', () => {
	it('finds the sentence that names the source, verbatim, or null', () => {
		const section = results.sections.find((s) => s.slug === 'results-by-party')!;
		const table = section.blocks.findIndex((b) => b.type === 'table');
		const source = statedSource(section, table)!;
		expect(source).toMatch(/^The Green Alliance won the most seats, according to/);
		expect(sectionPassages(section).some((p) => p.text.includes(source))).toBe(true);
		const turnout = results.sections.find((s) => s.slug === 'turnout-by-district')!;
		expect(statedSource(turnout, 1)).toBeNull();
	});
});
