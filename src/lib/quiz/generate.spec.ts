import { describe, expect, it } from 'vitest';
import { parseArticle } from '../article/parse';
import { fixtureArticle, seedArticle } from '../../../tests/fixtures/quiz/load';
import { locateEvidence } from './evidence';
import { generateTableQuestions } from './generate';
import { questionSchema, type Question, type QuestionOf } from './schema';

const seed = seedArticle();
const seedQuestions = generateTableQuestions(seed);
const inSection = (qs: Question[], slug: string) => qs.filter((q) => q.evidence.section === slug);
const singles = (qs: Question[]) =>
	qs.filter((q): q is QuestionOf<'single'> => q.type === 'single');
const matchings = (qs: Question[]) =>
	qs.filter((q): q is QuestionOf<'matching'> => q.type === 'matching');

describe('generateTableQuestions on the seed article', () => {
	const keyFacts = inSection(seedQuestions, 'key-facts-at-a-glance');
	const dialog = inSection(seedQuestions, 'the-secret-dialog-what-the-leaked-exchanges-reveal');

	it('asks each of the 3 rows of “Key facts at a glance” about each of its 3 value columns, and matches each column', () => {
		expect(singles(keyFacts)).toHaveLength(9);
		expect(matchings(keyFacts)).toHaveLength(3);
		for (const q of singles(keyFacts)) expect(q.options).toHaveLength(3);
	});

	it('asks each of the 3 rows of “The Secret Dialog” table about participants and core message', () => {
		expect(singles(dialog)).toHaveLength(6);
		expect(matchings(dialog).map((q) => q.pairs.map((p) => p.left))).toEqual([
			['June 2006', 'March 2008', 'September 2024'],
			['June 2006', 'March 2008', 'September 2024']
		]);
	});

	it('asks what the article gives, never states the claim as fact', () => {
		const q = singles(keyFacts).find((q) => q.answer === 'early 2000s')!;
		expect(q.text).toBe(
			'According to the table in “Key facts at a glance”, what timeframe does the article give for “NATO expansion”?'
		);
		expect(q.options).toEqual(['early 2000s', '2008 and earlier', '2001-2008']);
		for (const question of seedQuestions)
			expect(question.text).toMatch(/^According to the (article’s )?table in “/);
	});

	it('words a column headed by a question without garbling it', () => {
		const q = singles(keyFacts).find((q) => q.text.includes('“What the records suggest”'))!;
		expect(q.text).toMatch(
			/which entry does the article give under “What the records suggest” for “/
		);
	});

	it('uses the row’s key cell as evidence, which stands verbatim in the section', () => {
		for (const q of seedQuestions) {
			expect(locateEvidence(seed, q.evidence), q.id).not.toBeNull();
		}
		const q = singles(dialog).find((q) => q.answer.includes('secondary theater'))!;
		expect(q.evidence).toEqual({
			section: 'the-secret-dialog-what-the-leaked-exchanges-reveal',
			quote: 'March 2008'
		});
	});

	it('produces questions a bank would accept', () => {
		for (const q of seedQuestions) expect(questionSchema.safeParse(q).success, q.id).toBe(true);
	});

	it('gives the same questions and ids every time the same article is parsed', () => {
		const again = generateTableQuestions(seedArticle());
		expect(again).toEqual(seedQuestions);
		// Learners' attempts and review cards refer to these ids: they must never drift.
		expect(singles(keyFacts).find((q) => q.answer === 'early 2000s')!.id).toBe(
			'table-1351d663b36b76'
		);
	});

	it('gives every question its own id', () => {
		expect(new Set(seedQuestions.map((q) => q.id)).size).toBe(seedQuestions.length);
	});
});

describe('generateTableQuestions on fixture tables', () => {
	const article = fixtureArticle('tables.txt');
	const questions = generateTableQuestions(article);
	const texts = questions.map((q) => q.text).join('\n');

	it('does not ask a column in which two rows share a value (even differing in case)', () => {
		expect(texts).not.toMatch(/currency|region/i);
		expect(singles(inSection(questions, 'capitals')).map((q) => q.answer)).toEqual([
			'Paris',
			'Berlin',
			'Tokyo'
		]);
	});

	it('draws distractors from the same column', () => {
		const q = singles(questions).find((q) => q.text.includes('“France”'))!;
		expect(q.options).toEqual(['Paris', 'Berlin', 'Tokyo']);
	});

	it('skips empty cells: never asks them and never offers them as options', () => {
		const planets = inSection(questions, 'planets');
		expect(planets.some((q) => q.text.includes('moons') && q.text.includes('“Saturn”'))).toBe(
			false
		);
		expect(singles(planets).flatMap((q) => q.options)).not.toContain('');
		const notes = singles(planets).filter((q) => q.text.includes('what note'));
		expect(notes.map((q) => [q.text.match(/“(\w+)”\?$/)![1], q.options])).toEqual([
			['Jupiter', ['Largest', 'Rings']],
			['Saturn', ['Largest', 'Rings']]
		]);
	});

	it('asks nothing of a one-row table, which offers nothing to choose between', () => {
		expect(inSection(questions, 'a-single-row')).toEqual([]);
	});

	it('leaves out rows whose key is repeated, since "the" value for that key is ambiguous', () => {
		const repeated = inSection(questions, 'repeated-keys');
		expect(repeated).toHaveLength(1);
		expect(repeated[0]).toMatchObject({ type: 'single', answer: '3' });
		expect(repeated[0]!.text).toContain('“Pear”');
	});

	it('never asks the key column itself', () => {
		for (const q of singles(questions))
			expect(q.text).not.toMatch(/what (country|planet|item) does/);
	});

	it('is deterministic across runs', () => {
		expect(generateTableQuestions(fixtureArticle('tables.txt'))).toEqual(questions);
	});

	it('offers at most three distractors from a long column, always with the right value, and matches at most six rows', () => {
		const rows = Array.from({ length: 8 }, (_, i) => `| Row ${i + 1} | Value ${i + 1} |`).join(
			'\n'
		);
		const long = parseArticle(
			`Long\nTable of Contents\n- 1. Long\n| Key | Value |\n|---|---|\n${rows}\n`
		);
		const generated = generateTableQuestions(long);
		for (const q of singles(generated)) {
			expect(q.options).toHaveLength(4);
			expect(q.options).toContain(q.answer);
		}
		expect(matchings(generated)[0]!.pairs).toHaveLength(6);
		expect(generateTableQuestions(long)).toEqual(generated);
	});

	it('gives no questions for an article without tables', () => {
		const plain = parseArticle('Plain\nTable of Contents\n- 1. Plain\nJust a paragraph.\n');
		expect(generateTableQuestions(plain)).toEqual([]);
	});

	it('derives an id from the section, table index, row key and column, so unrelated edits keep it', () => {
		const edited = parseArticle(
			`Tables for Testing\nTable of Contents\n- 1. Tables for Testing\n- 2. Capitals\nA new introduction.\nCapitals\n| Country | Capital |\n|---|---|\n| Japan | Tokyo |\n| France | Paris (FR) |\n| Germany | Berlin |\n`
		);
		const id = (qs: Question[]) => singles(qs).find((q) => q.text.includes('“France”'))!.id;
		expect(id(generateTableQuestions(edited))).toBe(id(questions));
	});
});
