import { describe, expect, it } from 'vitest';
import { seedArticle, seedBankJson } from '../../../tests/fixtures/quiz/load';
import { attemptPlanSchema, createAttemptPlan, publicQuestionsForPlan } from './attempt';
import { toPublicQuestion } from './public';
import { seedFromText } from './random';
import { articleQuestions } from './select';

const questions = articleQuestions(seedArticle(), seedBankJson());
const ids = questions.map((q) => q.id);

describe('createAttemptPlan', () => {
	it('is reproducible from its seed', () => {
		expect(createAttemptPlan(ids, 2024)).toEqual(createAttemptPlan(ids, 2024));
	});

	it('holds every question exactly once', () => {
		const plan = createAttemptPlan(ids, 7);
		expect(plan.questions.map((q) => q.id).sort()).toEqual([...ids].sort());
	});

	it('orders questions differently for different seeds', () => {
		const orders = new Set(
			[1, 2, 3, 4].map((seed) =>
				createAttemptPlan(ids, seed)
					.questions.map((q) => q.id)
					.join()
			)
		);
		expect(orders.size).toBe(4);
		expect(createAttemptPlan(ids, 1).questions.map((q) => q.id)).not.toEqual(ids);
	});

	it('draws `draw` distinct questions with the seed: the same ones for the same seed, others for another', () => {
		const plan = createAttemptPlan(ids, 11, { draw: 10 });
		expect(plan.questions).toHaveLength(10);
		expect(new Set(plan.questions.map((q) => q.id)).size).toBe(10);
		expect(plan.questions).toEqual(createAttemptPlan(ids, 11).questions.slice(0, 10));
		expect(createAttemptPlan(ids, 11, { draw: 10 })).toEqual(plan);
		const other = createAttemptPlan(ids, 12, { draw: 10 }).questions.map((q) => q.id);
		expect(other.sort()).not.toEqual(plan.questions.map((q) => q.id).sort());
		// Asking for more than there are asks them all; null asks them all.
		expect(createAttemptPlan(ids, 11, { draw: 500 }).questions).toHaveLength(ids.length);
		expect(createAttemptPlan(ids, 11, { draw: null })).toEqual(createAttemptPlan(ids, 11));
		expect(() => createAttemptPlan(ids, 11, { draw: 0 })).toThrow(RangeError);
	});

	it('fixes each question’s option order, independent of which other questions are in the attempt', () => {
		const whole = createAttemptPlan(ids, 31);
		const module = createAttemptPlan(ids.slice(0, 5), 31);
		for (const { id, optionSeed } of module.questions) {
			expect(whole.questions.find((q) => q.id === id)!.optionSeed).toBe(optionSeed);
		}
	});

	it('accepts the full range of 32-bit seeds and rejects anything else', () => {
		expect(() => createAttemptPlan(ids, 0)).not.toThrow();
		expect(() => createAttemptPlan(ids, 0xffffffff)).not.toThrow();
		for (const bad of [-1, 1.5, 2 ** 32, Number.NaN]) {
			expect(() => createAttemptPlan(ids, bad)).toThrow(RangeError);
		}
	});

	it('rejects a question listed twice', () => {
		expect(() => createAttemptPlan(['a', 'b', 'a'], 1)).toThrow('question "a" is listed twice');
	});

	it('is plain JSON that parses back to the same plan', () => {
		const plan = createAttemptPlan(ids, 99);
		expect(attemptPlanSchema.parse(JSON.parse(JSON.stringify(plan)))).toEqual(plan);
	});
});

describe('publicQuestionsForPlan', () => {
	it('renders the attempt’s questions in plan order, each shuffled by its own seed', () => {
		const plan = createAttemptPlan(ids, 5);
		const shown = publicQuestionsForPlan(plan, questions);
		expect(shown.map((q) => q.id)).toEqual(plan.questions.map((q) => q.id));
		const first = plan.questions[0]!;
		expect(shown[0]).toEqual(
			toPublicQuestion(
				questions.find((q) => q.id === first.id)!,
				first.optionSeed
			)
		);
	});

	it('shows the same attempt identically when it is rendered again from the stored plan', () => {
		const plan = attemptPlanSchema.parse(JSON.parse(JSON.stringify(createAttemptPlan(ids, 77))));
		expect(publicQuestionsForPlan(plan, questions)).toEqual(
			publicQuestionsForPlan(createAttemptPlan(ids, 77), questions)
		);
	});

	it('refuses a plan that names a question it was not given', () => {
		expect(() =>
			publicQuestionsForPlan({ seed: 1, questions: [{ id: 'q-gone', optionSeed: 1 }] }, questions)
		).toThrow('"q-gone"');
	});
});

describe('seedFromText', () => {
	it('derives the same 32-bit seed from the same text', () => {
		const seed = seedFromText('attempt-123');
		expect(seed).toBe(seedFromText('attempt-123'));
		expect(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff).toBe(true);
		expect(seedFromText('attempt-124')).not.toBe(seed);
	});
});
