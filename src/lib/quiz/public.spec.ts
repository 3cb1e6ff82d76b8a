import { describe, expect, it } from 'vitest';
import { seedArticle, seedBankJson } from '../../../tests/fixtures/quiz/load';
import { optionsOf } from './parts';
import { toPublicQuestion, type PublicQuestion } from './public';
import type { Question, QuestionOf } from './schema';
import { articleQuestions } from './select';

const all = articleQuestions(seedArticle(), seedBankJson());
const SEEDS = Array.from({ length: 40 }, (_, i) => i * 7919 + 1);

/** Every key anywhere in a JSON value. */
function keysOf(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap(keysOf);
	if (typeof value === 'object' && value !== null) {
		return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
	}
	return [];
}

const ALLOWED_KEYS = [
	'id',
	'type',
	'text',
	'options',
	'left',
	'choices',
	'items',
	'maxLength',
	'unit'
];

describe('toPublicQuestion', () => {
	it('sends only the fields a learner needs to answer, for every seed question', () => {
		for (const q of all) {
			for (const seed of SEEDS.slice(0, 5)) {
				const keys = keysOf(JSON.parse(JSON.stringify(toPublicQuestion(q, seed))));
				expect(
					keys.filter((k) => !ALLOWED_KEYS.includes(k)),
					q.id
				).toEqual([]);
			}
		}
	});

	it('carries no key, explanation, evidence or correctness flag', () => {
		for (const q of all) {
			const json = JSON.stringify(toPublicQuestion(q, 1));
			expect(json).not.toMatch(
				/"(answer|answers|accepted|tolerance|explanation|evidence|pairs|correct|isCorrect)"/
			);
			expect(json).not.toContain(JSON.stringify(q.explanation));
		}
	});

	it('never contains an accepted answer of a short or numeric question', () => {
		const typed = all.filter((q) => q.type === 'short' || q.type === 'numeric');
		expect(typed.length).toBeGreaterThanOrEqual(4);
		for (const q of typed) {
			const json = JSON.stringify(toPublicQuestion(q, 1)).toLowerCase();
			const keys = q.type === 'short' ? q.accepted : [String(q.answer)];
			for (const key of keys)
				expect(json, `${q.id} leaks "${key}"`).not.toContain(key.toLowerCase());
		}
	});

	it('gives option ids that are opaque: same shape for right and wrong options, unrelated to position', () => {
		for (const q of all.filter(
			(q): q is QuestionOf<'single' | 'multiple'> => q.type === 'single' || q.type === 'multiple'
		)) {
			const pub = toPublicQuestion(q, 1) as Extract<
				PublicQuestion,
				{ type: 'single' | 'multiple' }
			>;
			for (const option of pub.options) {
				expect(option.id).toMatch(/^o[0-9a-f]{10}$/);
				expect(option.id).not.toContain(option.text);
			}
		}
	});

	it('keeps an option’s id the same whatever the shuffle, so a response means the same in any attempt', () => {
		const q = all.find((q) => q.type === 'single')!;
		const idsByText = (seed: number) =>
			Object.fromEntries(
				(toPublicQuestion(q, seed) as { options: { id: string; text: string }[] }).options.map(
					(o) => [o.text, o.id]
				)
			);
		expect(idsByText(1)).toEqual(idsByText(2));
	});

	it('does not always put the correct option first', () => {
		const choice = all.filter((q): q is QuestionOf<'single'> => q.type === 'single');
		const firstIsCorrect = choice.filter((q) => {
			const pub = toPublicQuestion(q, 12345) as Extract<PublicQuestion, { type: 'single' }>;
			return pub.options[0]!.text === q.answer;
		});
		expect(firstIsCorrect.length).toBeLessThan(choice.length / 2);
		for (const q of choice) {
			const positions = new Set(
				SEEDS.map((seed) =>
					(
						toPublicQuestion(q, seed) as Extract<PublicQuestion, { type: 'single' }>
					).options.findIndex((o) => o.text === q.answer)
				)
			);
			expect(positions.size, q.id).toBeGreaterThan(1);
		}
	});

	it('gives the same order for the same seed', () => {
		for (const q of all) expect(toPublicQuestion(q, 99)).toEqual(toPublicQuestion(q, 99));
	});

	it('offers every option of a choice question exactly once', () => {
		for (const q of all.filter(
			(q): q is QuestionOf<'single' | 'multiple'> => q.type === 'single' || q.type === 'multiple'
		)) {
			const pub = toPublicQuestion(q, 5) as Extract<
				PublicQuestion,
				{ type: 'single' | 'multiple' }
			>;
			expect([...pub.options].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
				optionsOf(q).sort((a, b) => a.id.localeCompare(b.id))
			);
		}
	});

	it('never lines matching choices up with their left items, nor shows ordering items in order', () => {
		const structured = all.filter((q) => q.type === 'matching' || q.type === 'ordering');
		for (const q of structured) {
			for (const seed of SEEDS) {
				const pub = toPublicQuestion(q, seed);
				if (pub.type === 'matching' && q.type === 'matching') {
					expect(pub.left.map((l) => l.text)).toEqual(q.pairs.map((p) => p.left));
					expect(pub.choices.map((c) => c.text)).not.toEqual(q.pairs.map((p) => p.right));
					expect([...pub.choices.map((c) => c.text)].sort()).toEqual(
						q.pairs.map((p) => p.right).sort()
					);
				}
				if (pub.type === 'ordering' && q.type === 'ordering') {
					expect(pub.items.map((i) => i.text)).not.toEqual(q.items);
				}
			}
		}
	});

	it('shows a numeric question’s unit and the answer length limit, nothing of the answer', () => {
		const q = all.find((q) => q.id === 'q-push-air-defence-increase') as Question;
		expect(toPublicQuestion(q, 3)).toEqual({
			id: 'q-push-air-defence-increase',
			type: 'numeric',
			text: q.text,
			maxLength: 500,
			unit: '%'
		});
	});

	it('shows a true/false question as its statement alone', () => {
		const q = all.find((q) => q.type === 'truefalse')!;
		expect(toPublicQuestion(q, 3)).toEqual({ id: q.id, type: 'truefalse', text: q.text });
	});
});
