import { describe, expect, it } from 'vitest';
import {
	fixtureArticle,
	fixtureJson,
	seedArticle,
	seedBankJson
} from '../../../tests/fixtures/quiz/load';
import { BankError, validateBank } from './bank';
import { locateEvidence } from './evidence';
import { generateTableQuestions } from './generate';
import type { QuestionInput } from './schema';

const article = fixtureArticle('small.txt');
const bank = () =>
	structuredClone(fixtureJson('small.quiz.json')) as {
		article: string;
		questions: QuestionInput[];
	};

function withQuestion(patch: Partial<QuestionInput> & { id?: string }, index = 1) {
	const b = bank();
	b.questions[index] = { ...b.questions[index]!, ...patch } as QuestionInput;
	return b;
}

function problemsOf(input: unknown): string {
	try {
		validateBank(input, article);
	} catch (error) {
		expect(error).toBeInstanceOf(BankError);
		return (error as BankError).message;
	}
	throw new Error('expected the bank to be rejected');
}

describe('validateBank', () => {
	it('accepts the seed article’s bank: every evidence quote stands verbatim in its section', () => {
		const parsed = validateBank(seedBankJson(), seedArticle());
		expect(parsed.questions.length).toBeGreaterThanOrEqual(30);
	});

	it('returns the parsed bank, with defaults filled in', () => {
		const parsed = validateBank(bank(), article);
		expect(parsed.questions.map((q) => q.id)).toEqual([
			'q-signing-year',
			'q-signed-copy',
			'q-unnamed'
		]);
		expect(parsed.questions[0]).toMatchObject({ type: 'numeric', tolerance: 0 });
	});

	it('rejects a quote that is not in its section, naming the question', () => {
		const message = problemsOf(
			withQuestion({
				evidence: { section: 'sources-and-claims', quote: 'The second archive holds the draft.' }
			})
		);
		expect(message).toContain('question "q-signed-copy"');
		expect(message).toContain('does not stand verbatim');
	});

	it('rejects a seed question whose quote was retyped with a straight apostrophe', () => {
		const seed = structuredClone(seedBankJson()) as { questions: QuestionInput[] };
		const target = seed.questions.find((q) => q.evidence.quote.includes('’'))!;
		target.evidence.quote = target.evidence.quote.replace('’', "'");
		expect(() => validateBank(seed, seedArticle())).toThrow(`question "${target.id}"`);
	});

	it('rejects a quote that stands in the article but in another section', () => {
		const message = problemsOf(
			withQuestion({ evidence: { section: 'introduction', quote: 'Archive B' } })
		);
		expect(message).toContain('question "q-signed-copy"');
	});

	it('rejects a quote that runs across two paragraphs', () => {
		const message = problemsOf(
			withQuestion({
				evidence: { section: 'introduction', quote: 'signed in 1990. Officials said' }
			})
		);
		expect(message).toContain('question "q-signed-copy"');
	});

	it('rejects an evidence section the article does not have, listing the sections it has', () => {
		const message = problemsOf(
			withQuestion({ evidence: { section: 'appendix', quote: 'Archive B' } })
		);
		expect(message).toContain('question "q-signed-copy": evidence section "appendix"');
		expect(message).toContain('introduction, sources-and-claims');
	});

	it('reports every faulty question at once', () => {
		const b = bank();
		b.questions[0]!.evidence.quote = 'signed in 1991';
		b.questions[2]!.evidence.quote = 'Named officials';
		const error = (() => {
			try {
				validateBank(b, article);
			} catch (e) {
				return e as BankError;
			}
		})();
		expect(error?.issues.map((i) => i.questionId)).toEqual(['q-signing-year', 'q-unnamed']);
	});

	it('rejects duplicate ids', () => {
		expect(problemsOf(withQuestion({ id: 'q-signing-year' }))).toContain(
			'duplicate id "q-signing-year"'
		);
	});

	it('rejects a single-choice answer that is not among the options, naming the question', () => {
		const message = problemsOf(withQuestion({ answer: 'Archive C' }));
		expect(message).toContain(
			'question "q-signed-copy": answer: the answer "Archive C" is not among its options'
		);
	});

	it('rejects multiple-choice answers that are not among the options', () => {
		const message = problemsOf(
			withQuestion({
				type: 'multiple',
				answers: ['Archive B', 'Archive Z'],
				answer: undefined
			} as never)
		);
		expect(message).toContain('the answer "Archive Z" is not among its options');
	});

	it('rejects options that read the same once case and punctuation are ignored', () => {
		const message = problemsOf(withQuestion({ options: ['Archive B', 'archive b.'] } as never));
		expect(message).toContain('is listed twice');
	});

	it('rejects matching pairs that repeat a right-hand value, and orderings that repeat an item', () => {
		const matching = withQuestion({
			type: 'matching',
			pairs: [
				{ left: 'A', right: 'same' },
				{ left: 'B', right: 'Same' }
			],
			options: undefined,
			answer: undefined
		} as never);
		expect(problemsOf(matching)).toContain('"Same" is listed twice');
		const ordering = withQuestion({
			type: 'ordering',
			items: ['x', 'y', 'x'],
			options: undefined,
			answer: undefined
		} as never);
		expect(problemsOf(ordering)).toContain('"x" is listed twice');
	});

	it('rejects a field it does not know, so a typo never silently drops an answer', () => {
		expect(problemsOf(withQuestion({ anwser: 'Archive B' } as never))).toContain(
			'question "q-signed-copy"'
		);
	});

	it('rejects a question type it does not know', () => {
		expect(problemsOf(withQuestion({ type: 'essay' } as never))).toContain(
			'question "q-signed-copy"'
		);
	});

	it('rejects a short answer with nothing to compare once punctuation is ignored', () => {
		const short = withQuestion({
			type: 'short',
			accepted: ['…'],
			options: undefined,
			answer: undefined
		} as never);
		expect(problemsOf(short)).toContain('has no letters or digits');
	});

	it('reserves ids starting with "table-" for generated questions', () => {
		expect(problemsOf(withQuestion({ id: 'table-mine' }))).toContain(
			'reserved for generated questions'
		);
	});

	it('rejects a bank written for another article', () => {
		expect(problemsOf({ ...bank(), article: 'another-article' })).toContain('"another-article"');
	});

	it('rejects something that is not a bank at all, without throwing anything but a BankError', () => {
		for (const input of [null, 42, 'quiz', [], { questions: 'none' }]) {
			expect(() => validateBank(input, article)).toThrow(BankError);
		}
	});
});

describe('validateBank: suppressed generated questions', () => {
	const generated = generateTableQuestions(article).map((q) => q.id);

	it('accepts a bank that suppresses questions the generator produces for its article', () => {
		expect(generated.length).toBeGreaterThan(0);
		const parsed = validateBank({ ...bank(), suppress: [generated[0]] }, article);
		expect(parsed.suppress).toEqual([generated[0]]);
		expect(validateBank(bank(), article).suppress).toBeUndefined();
	});

	it('rejects a suppressed id the generator does not produce for this article, naming it', () => {
		const message = problemsOf({ ...bank(), suppress: [generated[0], 'table-00000000000000'] });
		expect(message).toContain(
			'question "table-00000000000000": it is suppressed, but no question generated from the article\'s tables has this id'
		);
		expect(message).not.toContain(`"${generated[0]}"`);
	});

	it('rejects a generated id of another article', () => {
		const seedId = generateTableQuestions(seedArticle())[0]!.id;
		expect(problemsOf({ ...bank(), suppress: [seedId] })).toContain(`question "${seedId}"`);
	});

	it('rejects a suppressed id that is not a generated one, or one listed twice', () => {
		expect(problemsOf({ ...bank(), suppress: ['q-signing-year'] })).toContain(
			'"q-signing-year" is not a generated question\'s id (those start with "table-")'
		);
		expect(problemsOf({ ...bank(), suppress: [generated[0], generated[0]] })).toContain(
			'is listed twice'
		);
		expect(problemsOf({ ...bank(), suppress: 'table-x' })).toContain('suppress');
	});
});

describe('locateEvidence', () => {
	it('finds a quote inside a list item written as label, separator and text', () => {
		const found = locateEvidence(article, {
			section: 'sources-and-claims',
			quote: 'B: The second'
		});
		expect(found).toMatchObject({ sectionSlug: 'sources-and-claims', blockIndex: 0, line: 9 });
	});

	it('finds a quote inside a table cell, on the line of its row', () => {
		const found = locateEvidence(article, {
			section: 'sources-and-claims',
			quote: 'Unnamed officials'
		});
		expect(found).toMatchObject({ blockIndex: 1, line: 13, text: 'Unnamed officials' });
	});

	it('returns null for a quote that is not there', () => {
		expect(
			locateEvidence(article, { section: 'sources-and-claims', quote: 'Archive C' })
		).toBeNull();
	});
});
