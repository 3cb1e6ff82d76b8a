import { describe, expect, it } from 'vitest';
import {
	fixtureArticle,
	fixtureJson,
	seedArticle,
	seedBankJson
} from '../../../tests/fixtures/quiz/load';
import { BankError } from './bank';
import { generateTableQuestions } from './generate';
import { GENERATED_ID_PREFIX } from './schema';
import { articleQuestions, questionsForSection } from './select';

const seed = seedArticle();
const all = articleQuestions(seed, seedBankJson());

describe('articleQuestions', () => {
	it('is the whole-article quiz: the authored bank plus the questions generated from tables', () => {
		const authored = all.filter((q) => !q.id.startsWith(GENERATED_ID_PREFIX));
		const generated = all.filter((q) => q.id.startsWith(GENERATED_ID_PREFIX));
		expect(authored).toHaveLength((seedBankJson() as { questions: unknown[] }).questions.length);
		// Less the two the seed's bank suppresses (they present the 2024 release as an exchange).
		const suppressed = (seedBankJson() as { suppress: string[] }).suppress;
		expect(suppressed).toHaveLength(2);
		expect(generated.map((q) => q.id)).toEqual(
			generateTableQuestions(seed)
				.map((q) => q.id)
				.filter((id) => !suppressed.includes(id))
		);
		expect(generated).toHaveLength(11 - 2);
		expect(new Set(all.map((q) => q.id)).size).toBe(all.length);
	});

	it('follows the article’s section order, authored questions before generated ones within a section', () => {
		const order = seed.sections.map((s) => s.slug);
		const positions = all.map((q) => order.indexOf(q.evidence.section));
		expect(positions).toEqual([...positions].sort((a, b) => a - b));
		const keyFacts = questionsForSection(all, 'key-facts-at-a-glance').map((q) =>
			q.id.startsWith(GENERATED_ID_PREFIX)
		);
		expect(keyFacts).toEqual([...keyFacts].sort());
	});

	it('still gives an article with no bank a quiz, from its tables', () => {
		const questions = articleQuestions(seed);
		expect(questions).toHaveLength(11);
		expect(questions.every((q) => q.id.startsWith(GENERATED_ID_PREFIX))).toBe(true);
	});

	it('leaves out the generated questions the bank suppresses, and only those', () => {
		const generated = generateTableQuestions(seed).map((q) => q.id);
		const suppress = [generated[0]!, generated[5]!];
		const unsuppressed = articleQuestions(seed, { ...(seedBankJson() as object), suppress: [] });
		expect(unsuppressed).toHaveLength(all.length + 2);
		const bank = { ...(seedBankJson() as object), suppress };
		const ids = articleQuestions(seed, bank).map((q) => q.id);
		expect(ids).toHaveLength(unsuppressed.length - 2);
		for (const id of suppress) expect(ids).not.toContain(id);
		expect(ids).toEqual(unsuppressed.map((q) => q.id).filter((id) => !suppress.includes(id)));
	});

	it('refuses a bank that suppresses a question its article’s tables do not generate', () => {
		const bank = { ...(seedBankJson() as object), suppress: ['table-0123456789abcd'] };
		expect(() => articleQuestions(seed, bank)).toThrow(/table-0123456789abcd/);
	});

	it('refuses a bank that does not fit its article', () => {
		const bank = structuredClone(fixtureJson('small.quiz.json')) as {
			questions: { evidence: { quote: string } }[];
		};
		bank.questions[0]!.evidence.quote = 'not in the article';
		expect(() => articleQuestions(fixtureArticle('small.txt'), bank)).toThrow(BankError);
	});
});

describe('questionsForSection', () => {
	it('is a module’s quiz: the questions whose evidence lies in that section', () => {
		const dialog = questionsForSection(all, 'the-secret-dialog-what-the-leaked-exchanges-reveal');
		expect(dialog.length).toBeGreaterThan(0);
		expect(
			dialog.every(
				(q) => q.evidence.section === 'the-secret-dialog-what-the-leaked-exchanges-reveal'
			)
		).toBe(true);
		expect(dialog.map((q) => q.id)).toContain('q-dialog-obtained-by');
	});

	it('is empty for a section without questions', () => {
		expect(questionsForSection(all, 'reader-questions')).toEqual([]);
	});

	it('splits the article quiz into modules without losing or repeating a question', () => {
		const bySection = seed.sections.flatMap((s) => questionsForSection(all, s.slug));
		expect(bySection).toEqual(all);
	});
});
