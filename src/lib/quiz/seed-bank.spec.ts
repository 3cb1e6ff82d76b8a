import { describe, expect, it } from 'vitest';
import { blocksText } from '../article/text';
import { seedArticle, seedBankJson } from '../../../tests/fixtures/quiz/load';
import { validateBank } from './bank';
import { toPublicQuestion } from './public';
import { questionTypes, type Question, type QuestionOf } from './schema';
import { generateTableQuestions } from './generate';
import { articleQuestions, questionsForSection } from './select';

// The seed's authored bank is content, but it has rules a reviewer would otherwise check by hand.
const article = seedArticle();
const bank = validateBank(seedBankJson(), article);
const byId = (id: string) => bank.questions.find((q) => q.id === id)!;
const articleText = article.sections.map((s) => blocksText(s.blocks)).join('\n');

const FACT_SECTIONS = [
	'introduction',
	'what-the-records-reveal',
	'key-facts-at-a-glance',
	'evergreen-takeaways-for-readers',
	'what-this-means-for-today',
	'further-reading-and-sources',
	'background-nato-expansion-and-russian-security-concerns',
	'the-secret-dialog-what-the-leaked-exchanges-reveal',
	'russias-nato-push-strategic-objectives',
	'ukraine-dismissal-putins-rationale',
	'implications-for-u-s-foreign-policy',
	'practical-tips-for-policymakers-researchers',
	'real-world-examples-recent-nato-decisions-2025'
];

describe('the seed article’s question bank', () => {
	it('holds at least 30 authored questions with stable, readable ids', () => {
		expect(bank.questions.length).toBeGreaterThanOrEqual(30);
		for (const q of bank.questions) expect(q.id).toMatch(/^q-[a-z0-9-]+$/);
	});

	it('uses every question type at least twice', () => {
		for (const type of questionTypes) {
			expect(bank.questions.filter((q) => q.type === type).length, type).toBeGreaterThanOrEqual(2);
		}
	});

	it('covers every module that holds facts, by its real section slug', () => {
		expect(FACT_SECTIONS.every((slug) => article.sections.some((s) => s.slug === slug))).toBe(true);
		for (const slug of FACT_SECTIONS) {
			expect(questionsForSection(bank.questions, slug).length, slug).toBeGreaterThan(0);
		}
	});

	it('asks what the article says, never states one of its claims as fact', () => {
		for (const q of articleQuestions(article, seedBankJson())) {
			expect(q.text, q.id).toMatch(/article|according to/i);
		}
		for (const q of bank.questions.filter((q) => q.type === 'truefalse')) {
			expect(q.text, q.id).toMatch(/^True or false: /);
		}
	});

	it('teaches with explanations that quote the article’s own words', () => {
		for (const q of bank.questions) {
			const quoted = [...q.explanation.matchAll(/[“‘]([^“”‘’]{12,}?)[”’]/g)].map((m) =>
				m[1]!.replace(/…$/, '')
			);
			expect(
				quoted.some((passage) => articleText.includes(passage)),
				`${q.id} quotes nothing verbatim`
			).toBe(true);
		}
	});

	it('trains the reader to notice that the article’s halves disagree about the 2008 phrase', () => {
		const q = byId('q-dialog-two-phrases-2008') as QuestionOf<'multiple'>;
		expect(q.answers).toEqual(['“artificial state”', '“secondary theater”']);
		expect(articleText).toContain('the phrase “artificial state” appeared');
		expect(articleText).toContain('Ukraine is a ‘secondary theater.’');
	});

	it('trains the reader to notice that the article’s halves disagree about where the records came from', () => {
		const q = byId('q-intro-origin-of-material') as QuestionOf<'single'>;
		expect(q.answer).toBe('Multiple outlets that published transcripts and summaries');
		expect(q.options).toContain(
			'Encrypted email threads and phone calls obtained by The Intercept'
		);
		expect(q.explanation).toContain('obtained by The Intercept');
	});

	it('trains the reader to tell named sources from unnamed ones', () => {
		expect((byId('q-dialog-named-source') as QuestionOf<'single'>).answer).toMatch(/news outlets/);
		expect((byId('q-records-observers-unnamed') as QuestionOf<'single'>).answer).toMatch(
			/names no observer/
		);
		const who = byId('q-dismissal-who-says-what') as QuestionOf<'matching'>;
		expect(who.pairs.map((p) => p.right)).toEqual([
			'Unnamed “observers”',
			'An unnamed “consensus”',
			'The New York Times',
			'Moscow’s state media'
		]);
	});

	it('asks how the material reached the public from the text alone: both accounts the section gives, no outside definitions', () => {
		const q = byId('q-dialog-declassified-vs-leaked') as QuestionOf<'single'>;
		expect(q.answer).toMatch(
			/^Both: .*obtained by The Intercept.*De‑classified excerpts released to the public/
		);
		for (const quoted of q.answer.match(/“[^”]+”/g)!)
			expect(articleText).toContain(quoted.slice(1, -1));
	});

	it('asks one claim per true/false about the key-facts column, and the caption/column conflict on its own', () => {
		const tf = byId('q-keyfacts-suggest-column') as QuestionOf<'truefalse'>;
		expect(tf.text).not.toMatch(/presenting|rather than|\band\b/);
		const both = byId('q-keyfacts-two-ways') as QuestionOf<'multiple'>;
		expect(both.answers).toHaveLength(2);
		expect(both.answers.join(' ')).toMatch(/Key facts at a glance.*What the records suggest/);
	});

	it('examines the “former CIA liaison” as a source the reader cannot check', () => {
		const q = byId('q-dialog-cia-liaison') as QuestionOf<'single'>;
		expect(q.evidence.quote).toContain('via former CIA liaison');
		expect(q.answer).toMatch(/^Only the role/);
	});

	it('asks about the second half’s unsourced events as unsourced', () => {
		for (const id of ['q-push-naval-base-source', 'q-examples-partnership-review-source']) {
			const q = byId(id) as QuestionOf<'single'>;
			expect(q.text, id).toMatch(/^Which source does the article give for/);
			expect(q.answer, id).toMatch(/^None named/);
		}
		const fleet = byId('q-push-fleet-move-source') as QuestionOf<'truefalse'>;
		expect(fleet.evidence.quote).toContain('“Black Sea Fleet” to Sevastopol (2023)');
		expect(fleet.answer).toBe(false);
	});

	it('leaves out the generated questions that present the 2024 release as a Putin–Bush exchange', () => {
		const generated = generateTableQuestions(article);
		const suppressed = generated.filter((q) => bank.suppress?.includes(q.id));
		expect(suppressed.map((q) => q.id).sort()).toEqual([...(bank.suppress ?? [])].sort());
		expect(suppressed).toHaveLength(2);
		for (const q of suppressed) expect(JSON.stringify(q)).toContain('September 2024');
		// What stays of that table never offers the 2024 release as a participant or a message.
		const kept = articleQuestions(article, seedBankJson()).filter((q) => q.id.startsWith('table-'));
		for (const q of kept) expect(JSON.stringify(q), q.id).not.toContain('September 2024');
	});

	it('lets the public form of every question be answered without giving the answer away', () => {
		const typed = bank.questions.filter(
			(q): q is QuestionOf<'short' | 'numeric'> => q.type === 'short' || q.type === 'numeric'
		);
		for (const q of typed) {
			const keys = q.type === 'short' ? q.accepted : [String(q.answer)];
			const shown = JSON.stringify(toPublicQuestion(q as Question, 0)).toLowerCase();
			for (const key of keys) expect(shown, q.id).not.toContain(key.toLowerCase());
		}
	});
});
