import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../article/parse';
import { lessonModules } from '../article/modules';
import { sectionPassages, locateEvidence } from '../quiz/evidence';
import { questionSchema, type Question, type QuestionOf } from '../quiz/schema';
import { normalizeAnswer } from '../quiz/text';
import {
	fixtureFiles,
	fixtureNames,
	loadFixture,
	type Fixture
} from '../../../tests/fixtures/suggest/load';
import { indefiniteArticle, isAttributed } from './english';
import {
	MIN_PER_MODULE,
	NONE_NAMED,
	SUGGESTED_ID_PREFIX,
	suggestQuestions,
	type Suggestion
} from './suggest';

const fixtures = () => fixtureNames.map(loadFixture);
const LOAD_TIMEOUT = 60_000;

function find(f: Fixture, rule: string, textIncludes: string): Suggestion {
	const found = f.suggestions.find(
		(s) => s.rule === rule && s.question.text.includes(textIncludes)
	);
	if (!found)
		throw new Error(`no ${rule} suggestion in ${f.name} whose text has "${textIncludes}"`);
	return found;
}

function as<T extends Question['type']>(q: Question, type: T): QuestionOf<T> {
	expect(q.type).toBe(type);
	return q as QuestionOf<T>;
}

/** Every passage of the article's lesson modules, for "is this named in the article". */
function articleText(f: Fixture): string {
	return lessonModules(f.article.sections)
		.flatMap((s) => sectionPassages(s).map((p) => p.text))
		.join('\n');
}

/** The template's own words: quoted article text is the author's and is left out. */
function outsideQuotes(text: string): string {
	return text.replace(/“[^”]*”/gu, ' ').replace(/"[^"]*"/g, ' ');
}

describe('suggestQuestions on every fixture and the seed', () => {
	it(
		'gives every lesson module with content at least two suggestions',
		() => {
			for (const f of fixtures()) {
				for (const section of lessonModules(f.article.sections)) {
					const mine = f.suggestions.filter((s) => s.question.evidence.section === section.slug);
					expect(mine.length, `${f.name} / ${section.slug}`).toBeGreaterThanOrEqual(MIN_PER_MODULE);
				}
			}
		},
		LOAD_TIMEOUT
	);

	it('makes questions the bank schema accepts, with evidence found verbatim in their module', () => {
		for (const f of fixtures()) {
			for (const { question } of f.suggestions) {
				expect(questionSchema.safeParse(question).success, question.id).toBe(true);
				const location = locateEvidence(f.article, question.evidence);
				expect(location, `${question.id}: ${question.evidence.quote}`).not.toBeNull();
				expect(question.evidence.quote.length).toBeLessThanOrEqual(300);
			}
		}
	});

	it('attributes every question to the article', () => {
		for (const f of fixtures()) {
			for (const { question } of f.suggestions) {
				expect(isAttributed(question.text), question.text).toBe(true);
			}
		}
	});

	it('gives unique ids with its own prefix', () => {
		for (const f of fixtures()) {
			const ids = f.suggestions.map((s) => s.question.id);
			expect(new Set(ids).size).toBe(ids.length);
			for (const id of ids) expect(id.startsWith(SUGGESTED_ID_PREFIX)).toBe(true);
		}
	});

	it(
		'is deterministic: the same article gives the same suggestions with the same ids',
		() => {
			for (const f of fixtures()) {
				const again = suggestQuestions(parseArticle(articleSource(f)));
				expect(again).toEqual(f.suggestions);
			}
		},
		LOAD_TIMEOUT
	);

	it('never offers a distractor that reads as the answer', () => {
		for (const f of fixtures()) {
			for (const { question: q } of f.suggestions) {
				if (q.type !== 'single') continue;
				const others = q.options.filter((o) => o !== q.answer);
				expect(others.length).toBe(q.options.length - 1);
				for (const o of others) expect(normalizeAnswer(o)).not.toBe(normalizeAnswer(q.answer));
			}
		}
	});

	it('uses "a" and "an" by the sound of the next word', () => {
		for (const f of fixtures()) {
			for (const { question: q } of f.suggestions) {
				for (const text of [q.text, q.explanation]) {
					for (const m of outsideQuotes(text).matchAll(/\b(a|an) ([\p{L}\p{N}]+)/giu)) {
						expect(indefiniteArticle(m[2]!), `${m[0]} in: ${text}`).toBe(m[1]!.toLowerCase());
					}
				}
			}
		}
	});

	it('reads as English: a question mark or full stop at the end, no doubled spaces or stops', () => {
		for (const f of fixtures()) {
			for (const { question: q } of f.suggestions) {
				expect(q.text).toMatch(/[?.]$/);
				expect(q.text).not.toMatch(/ {2}|\.\.|\?\?/);
				expect(q.explanation).not.toMatch(/ {2}|”\.\.|\.”\./);
			}
		}
	});
});

describe('quoted speakers', () => {
	it('asks who said a quote, with other people named in the article as distractors', () => {
		const news = loadFixture('news');
		const q = as(find(news, 'quote-speaker', 'Trams mean customers').question, 'single');
		expect(q.text).toBe(
			'Who does the article quote as saying “Trams mean customers, and customers mean jobs”?'
		);
		expect(q.answer).toBe('Marta Lopes');
		const speakers = ['Ana Silva', 'Rui Costa', 'Marta Lopes', 'João Pereira'];
		for (const option of q.options) expect(speakers).toContain(option);
		expect(q.explanation).toContain('quotes Marta Lopes');
	});

	it('keeps the article’s own quotation marks and titles', () => {
		const science = loadFixture('science');
		const q = as(find(science, 'quote-speaker', 'Tambora signal').question, 'single');
		expect(q.text).toContain('"The Tambora signal is one of the clearest');
		expect(q.answer).toBe('Dr. Helen Marsh');
		expect(q.options).toContain('Professor Karl Weber');
	});

	it('offers as other speakers only names that stand in the article', () => {
		for (const f of fixtures()) {
			const text = articleText(f);
			for (const { rule, question: q } of f.suggestions) {
				if (rule !== 'quote-speaker' || q.type !== 'single') continue;
				for (const o of q.options) expect(text, o).toContain(o);
			}
		}
	});

	it('matches each speaker of a module to their words', () => {
		const news = loadFixture('news');
		const q = as(news.suggestions.find((s) => s.rule === 'quote-matching')!.question, 'matching');
		expect(q.pairs).toContainEqual({
			left: 'João Pereira',
			right: '“We were not asked about the depot until the plans were finished”'
		});
		expect(q.pairs.map((p) => p.left)).toContain('Marta Lopes');
	});
});

describe('figures with their unit', () => {
	it('asks a hedged figure as a number with a tolerance and its unit', () => {
		const news = loadFixture('news');
		const q = as(find(news, 'figure', 'plant about ___ trees').question, 'numeric');
		expect(q.answer).toBe(400);
		expect(q.tolerance).toBe(40);
		expect(q.unit).toBe('trees');
	});

	it('asks an exact figure with no tolerance', () => {
		const news = loadFixture('news');
		const q = as(find(news, 'figure', 'found that ___%').question, 'numeric');
		expect(q.answer).toBe(58);
		expect(q.tolerance).toBe(0);
		expect(q.unit).toBe('%');
	});

	it('keeps a currency and its magnitude beside the gap', () => {
		const news = loadFixture('news');
		const q = as(find(news, 'figure', 'cover nearly €___ million').question, 'numeric');
		expect(q.answer).toBe(130);
		expect(q.unit).toBe('million euros');
		expect(q.tolerance).toBeGreaterThan(0);
	});

	it('reads units in science prose (kilometres, metres, degrees)', () => {
		const science = loadFixture('science');
		const ash = as(find(science, 'figure', 'rose about ___ kilometres').question, 'numeric');
		expect([ash.answer, ash.unit]).toEqual([43, 'kilometres']);
		const cold = as(find(science, 'figure', 'about ___ degrees').question, 'numeric');
		expect([cold.answer, cold.unit]).toEqual([1.5, 'degrees']);
	});

	it('offers as distractors only figures of the same unit', () => {
		for (const f of fixtures()) {
			for (const { rule, question: q } of f.suggestions) {
				if (rule !== 'figure' || q.type !== 'single') continue;
				const unitOf = (text: string) => text.replace(/[\d.,\s]/g, '');
				for (const o of q.options) expect(unitOf(o)).toBe(unitOf(q.answer));
			}
		}
	});
});

describe('years and the order of events', () => {
	it('asks the year of a dated sentence', () => {
		const news = loadFixture('news');
		const q = as(find(news, 'year', 'first proposed in ___').question, 'numeric');
		expect([q.answer, q.tolerance]).toEqual([2019, 0]);
	});

	it('puts a module’s dated events in the article’s order, years left out', () => {
		const news = loadFixture('news');
		const q = as(news.suggestions.find((s) => s.rule === 'year-ordering')!.question, 'ordering');
		expect(q.items[0]).toContain('first proposed');
		expect(q.items[1]).toContain('A first vote failed');
		expect(q.items[q.items.length - 1]).toContain('revised plan');
		for (const item of q.items) expect(item).not.toMatch(/\b(19|20)\d\d\b/);
	});

	it('asks only four-digit years as years', () => {
		for (const f of fixtures()) {
			for (const { rule, question: q } of f.suggestions) {
				if (rule !== 'year') continue;
				const n = as(q, 'numeric');
				expect(Number.isInteger(n.answer)).toBe(true);
				expect(n.answer).toBeGreaterThanOrEqual(1000);
				expect(n.answer).toBeLessThanOrEqual(2100);
			}
		}
	});
});

describe('labelled lists', () => {
	it('matches each label to its text', () => {
		const essay = loadFixture('essay');
		const q = as(find(essay, 'label-matching', 'Three ways to shorten').question, 'matching');
		expect(q.pairs[0]).toEqual({
			left: 'Compressed hours',
			right: 'the same 40 hours are worked in four longer days.'
		});
		expect(q.pairs.map((p) => p.left)).toEqual([
			'Compressed hours',
			'Reduced hours',
			'Staggered teams',
			'Annualised hours'
		]);
	});

	it('asks which label an item has, with the list’s other labels as distractors', () => {
		const essay = loadFixture('essay');
		const q = as(find(essay, 'label-choice', 'track output').question, 'single');
		expect(q.answer).toBe('Measurement');
		expect([...q.options].sort()).toEqual(['Fairness', 'Measurement', 'Trust']);
	});
});

describe('sources of claims', () => {
	it('names the body the article credits', () => {
		const news = loadFixture('news');
		const q = as(find(news, 'source', '18,000 passengers').question, 'single');
		expect(q.text).toBe(
			'Which source does the article give for the claim that the line would carry some 18,000 passengers a day?'
		);
		expect(q.answer).toBe('the Lisbon Institute of Urban Studies');
		expect(q.options).toContain(NONE_NAMED);
	});

	it('answers "None named" where the text hides its source behind "critics argue"', () => {
		const essay = loadFixture('essay');
		const q = as(find(essay, 'source', 'small firms that volunteered').question, 'single');
		expect(q.answer).toBe(NONE_NAMED);
		expect(q.explanation).toContain('“Critics argue”');
	});

	it('sees through the seed’s “the consensus notes” and “Kremlin officials have repeatedly noted”', () => {
		const seed = loadFixture('seed');
		const phrase = as(find(seed, 'source', 'artificial state').question, 'single');
		expect(phrase.answer).toBe(NONE_NAMED);
		expect(phrase.explanation).toContain('“the consensus notes”');
		const drain = as(find(seed, 'source', 'drains fiscal reserves').question, 'single');
		expect(drain.answer).toBe(NONE_NAMED);
	});

	it('reads a credit at the end of the sentence (“…, the finance department reported”)', () => {
		const news = loadFixture('news');
		const q = as(find(news, 'source', 'cost €212 million').question, 'single');
		expect(q.answer).toBe('the finance department');
		const figure = find(news, 'figure', 'cost €___ million').question;
		expect(figure.explanation).toContain('credits the finance department');
	});

	it('credits a study and researchers by name', () => {
		const science = loadFixture('science');
		const wheat = as(find(science, 'source', 'price of wheat').question, 'single');
		expect(wheat.answer).toBe('the Royal Society');
		const cold = as(find(science, 'source', 'summer temperatures').question, 'single');
		expect(cold.answer).toBe('the University of Bern');
	});

	it('offers as other sources only names that stand in the article', () => {
		for (const f of fixtures()) {
			const text = articleText(f);
			for (const { rule, question: q } of f.suggestions) {
				if (rule !== 'source' || q.type !== 'single') continue;
				for (const o of q.options) {
					if (o !== NONE_NAMED) expect(text, o).toContain(o.replace(/^the /, ''));
				}
			}
		}
	});
});

describe('fallbacks for a module whose prose gives no facts', () => {
	it('asks about the key sentence of the essay’s conclusion', () => {
		const essay = loadFixture('essay');
		const mine = essay.suggestions.filter(
			(s) => s.question.evidence.section === 'a-modest-conclusion'
		);
		expect(mine.length).toBeGreaterThanOrEqual(2);
		const truth = as(mine.find((s) => s.rule === 'statement-true')!.question, 'truefalse');
		expect(truth.text).toBe(
			'True or false: according to the article, the four-day week is neither a miracle nor a gimmick.'
		);
		expect(truth.answer).toBe(true);
	});

	it('copes with the parser’s messy fixture: fragments, a table-only module, a prompt inside a module', () => {
		const article = parseArticle(
			readFileSync(new URL('../../../tests/fixtures/articles/messy.txt', import.meta.url), 'utf8')
		);
		const suggestions = suggestQuestions(article);
		const prompts = article.prompts.map((p) => p.text);
		for (const section of lessonModules(article.sections)) {
			const mine = suggestions.filter((s) => s.question.evidence.section === section.slug);
			expect(mine.length, section.slug).toBeGreaterThanOrEqual(2);
		}
		for (const { question } of suggestions) {
			expect(questionSchema.safeParse(question).success).toBe(true);
			expect(locateEvidence(article, question.evidence)).not.toBeNull();
			for (const prompt of prompts) expect(question.text).not.toContain(prompt.slice(0, 30));
		}
	});

	it('asks for a left-out word when an article of one sentence has nothing else to offer', () => {
		const article = parseArticle(
			[
				'A Note',
				'Table of Contents',
				'- 1. A Note',
				'A Note',
				'The village library opened a reading room for children last spring.'
			].join('\n')
		);
		const suggestions = suggestQuestions(article);
		expect(suggestions.map((s) => s.rule)).toEqual(['statement-true', 'key-term']);
		const term = as(suggestions[1]!.question, 'short');
		expect(term.text).toBe(
			'According to the article, which word fills the gap in “The village library opened a reading room for ___ last spring”?'
		);
		expect(term.accepted).toEqual(['children']);
	});

	it('gives a module of one short paragraph two suggestions', () => {
		const article = parseArticle(
			[
				'Small Things',
				'Table of Contents',
				'- 1. Small Things',
				'- 2. A short note',
				'Small Things',
				'The village library opened a reading room for children last spring.',
				'A short note',
				'The reading room closes early on Fridays.'
			].join('\n')
		);
		const suggestions = suggestQuestions(article);
		for (const slug of ['introduction', 'a-short-note']) {
			const mine = suggestions.filter((s) => s.question.evidence.section === slug);
			expect(mine.length, slug).toBeGreaterThanOrEqual(2);
			for (const s of mine) expect(locateEvidence(article, s.question.evidence)).not.toBeNull();
		}
	});
});

function articleSource(f: Fixture): string {
	return readFileSync(fixtureFiles[f.name], 'utf8');
}
