import { parse, type GIFTQuestion, type TextChoice } from 'gift-pegjs';
import { describe, expect, it } from 'vitest';
import { hostileQuestions } from '../../../../tests/fixtures/quiz/export-questions';
import { seedArticle, seedBankJson } from '../../../../tests/fixtures/quiz/load';
import { questionTypes, type Question } from '../schema';
import { articleQuestions } from '../select';
import { escapeGift, toGift } from './gift';
import { ORDERING_NOTE, ordinal, stemText } from './shared';

const JOINER = '\u2060';

/**
 * gift-pegjs decodes escapes everywhere but in a matching pair's right-hand side, where it
 * leaves its internal placeholders (Moodle's importer decodes them there too): decode them.
 */
function decodePlaceholders(text: string): string {
	const chars: Record<string, string> = {
		'092': '\\',
		'058': ':',
		'035': '#',
		'061': '=',
		'123': '{',
		'125': '}',
		'126': '~'
	};
	return text.replace(/&&010/g, '\n').replace(/&&(\d{3});/g, (_, code: string) => chars[code]!);
}

/** What a text should read as after the export: arrows split by a word joiner where they must be. */
const unjoin = (text: string) => text.replaceAll(JOINER, '');
/** gift-pegjs folds runs of spaces into one, as Moodle's HTML display does. */
const spaced = (text: string) => text.replace(/[ \t]{2,}/g, ' ');

const choiceTexts = (choices: TextChoice[]) => choices.map((c) => c.text.text);

function giftQuestions(text: string): Exclude<GIFTQuestion, { type: 'Category' }>[] {
	return parse(text).filter((q) => q.type !== 'Category') as Exclude<
		GIFTQuestion,
		{ type: 'Category' }
	>[];
}

/** Asserts that gift-pegjs reads `g` as `q`: title, stem, feedback and the right answers. */
function expectReadsAs(g: GIFTQuestion, q: Question): void {
	if (g.type === 'Category' || g.type === 'Description' || g.type === 'Essay')
		throw new Error(`${q.id} read as ${g.type}`);
	expect(g.title).toBe(q.id);
	expect(g.stem.text).toBe(spaced(stemText(q)));
	expect(g.hasEmbeddedAnswers).toBe(false);
	expect(g.globalFeedback?.text).toBe(spaced(q.explanation));
	switch (q.type) {
		case 'single': {
			expect(g.type).toBe('MC');
			if (g.type !== 'MC') return;
			expect(choiceTexts(g.choices)).toEqual(q.options.map(spaced));
			expect(g.choices.filter((c) => c.isCorrect).map((c) => c.text.text)).toEqual([
				spaced(q.answer)
			]);
			return;
		}
		case 'multiple': {
			expect(g.type).toBe('MC');
			if (g.type !== 'MC') return;
			expect(choiceTexts(g.choices)).toEqual(q.options.map(spaced));
			const positive = g.choices.filter((c) => (c.weight ?? 0) > 0);
			expect(new Set(choiceTexts(positive))).toEqual(new Set(q.answers.map(spaced)));
			expect(positive.reduce((sum, c) => sum + c.weight!, 0)).toBeCloseTo(100, 3);
			for (const c of g.choices.filter((c) => !positive.includes(c))) expect(c.weight).toBe(-100);
			return;
		}
		case 'truefalse':
			expect(g.type).toBe('TF');
			if (g.type === 'TF') expect(g.isTrue).toBe(q.answer);
			return;
		case 'matching':
		case 'ordering': {
			expect(g.type).toBe('Matching');
			if (g.type !== 'Matching') return;
			const pairs =
				q.type === 'matching'
					? q.pairs
					: q.items.map((item, i) => ({ left: item, right: ordinal(i + 1) }));
			expect(
				g.matchPairs.map((m) => ({
					left: unjoin(m.subquestion.text),
					right: decodePlaceholders(m.subanswer)
				}))
			).toEqual(pairs.map((p) => ({ left: spaced(p.left), right: spaced(p.right) })));
			return;
		}
		case 'short':
			expect(g.type).toBe('Short');
			if (g.type !== 'Short') return;
			expect(g.choices.every((c) => c.isCorrect)).toBe(true);
			// A literal asterisk is written \* (a bare * is Moodle's wildcard).
			expect(choiceTexts(g.choices).map(unjoin)).toEqual(
				q.accepted.map((a) => spaced(a).replaceAll('*', '\\*'))
			);
			return;
		case 'numeric':
			expect(g.type).toBe('Numerical');
			if (g.type !== 'Numerical') return;
			expect(g.choices).toEqual({ type: 'range', number: q.answer, range: q.tolerance });
			return;
	}
}

describe('toGift: one question of each type, with hostile text', () => {
	const questions = hostileQuestions();
	const gift = toGift(questions, { title: 'Article: {hostile} / title' });
	const parsed = parse(gift);

	it('covers every question type', () => {
		expect(new Set(questions.map((q) => q.type))).toEqual(new Set(questionTypes));
	});

	it('reads back as the same number of questions, under the category', () => {
		expect(parsed[0]).toEqual({ type: 'Category', title: 'Article: {hostile} // title' });
		expect(giftQuestions(gift)).toHaveLength(questions.length);
	});

	it('reads back every question with its right answers and its text unharmed', () => {
		const read = giftQuestions(gift);
		questions.forEach((q, i) => expectReadsAs(read[i]!, q));
	});

	it('escapes every special character, so the raw text never appears unescaped', () => {
		expect(gift).not.toContain('{brace}');
		expect(gift).toContain('\\{brace\\} \\~tilde \\=equals \\#hash \\:colon \\\\backslash');
		expect(escapeGift('a\\b{c}\nd')).toBe('a\\\\b\\{c\\}\\nd');
	});

	it('keeps each question on its lines: no blank line inside a question', () => {
		const blocks = gift.trim().split(/\n\s*\n/);
		expect(blocks).toHaveLength(questions.length + 1);
	});

	it('writes the evidence and the ordering note as comments, on one line each', () => {
		expect(gift).toContain(
			'// evidence: intro: "a quote with {braces} -- and\\na line break [ id:x]"'
		);
		const ordering = gift.split('\n\n').find((b) => b.includes('::x-ordering::'))!;
		expect(ordering).toContain(`// ${ORDERING_NOTE}`);
		// The `[id:x]` in the quote is defused, so no reader takes it for the question's id.
		for (const g of giftQuestions(gift)) expect('id' in g ? g.id : null).toBeNull();
	});

	it('leaves out the category when no title is given, and is deterministic', () => {
		expect(parse(toGift(questions)).map((g) => g.type)).not.toContain('Category');
		expect(toGift(questions, { title: 'T' })).toBe(toGift(questions, { title: 'T' }));
	});

	it('throws on a type it does not know rather than dropping the question', () => {
		const stranger = { ...questions[0]!, type: 'essay' } as unknown as Question;
		expect(() => toGift([stranger])).toThrow(/essay/);
	});
});

describe('toGift: the seed article’s questions (authored bank + generated from tables)', () => {
	const questions = articleQuestions(seedArticle(), seedBankJson());
	const read = giftQuestions(toGift(questions, { title: 'Seed article' }));

	it('exports every question and reads each back with its right answers', () => {
		expect(questions.length).toBeGreaterThan(40);
		expect(read).toHaveLength(questions.length);
		questions.forEach((q, i) => expectReadsAs(read[i]!, q));
	});

	it('gives every type its GIFT type', () => {
		const counts: Record<string, number> = {};
		for (const g of read) counts[g.type] = (counts[g.type] ?? 0) + 1;
		const of = (...types: Question['type'][]) =>
			questions.filter((q) => types.includes(q.type)).length;
		expect(counts).toEqual({
			MC: of('single', 'multiple'),
			TF: of('truefalse'),
			Matching: of('matching', 'ordering'),
			Short: of('short'),
			Numerical: of('numeric')
		});
	});
});
