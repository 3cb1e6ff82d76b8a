import { describe, expect, it } from 'vitest';
import { seedArticle, seedBankJson } from '../../../tests/fixtures/quiz/load';
import { attemptPlanSchema, createAttemptPlan, publicQuestionsForPlan } from './attempt';
import { toPublicQuestion } from './public';
import { seedFromText } from './random';
import { articleQuestions } from './select';

const questions = articleQuestions(seedArticle(), seedBankJson());
const ids = questions.map((q) => q.id);
/** Every question at version 1, but one at version 3: as an attempt asks them. */
const asked = questions.map((q, i) => ({ id: q.id, version: i === 2 ? 3 : 1 }));

describe('createAttemptPlan', () => {
	it('is reproducible from its seed', () => {
		expect(createAttemptPlan(asked, 2024)).toEqual(createAttemptPlan(asked, 2024));
	});

	it('holds every question exactly once', () => {
		const plan = createAttemptPlan(asked, 7);
		expect(plan.questions.map((q) => q.id).sort()).toEqual([...ids].sort());
	});

	it('orders questions differently for different seeds', () => {
		const orders = new Set(
			[1, 2, 3, 4].map((seed) =>
				createAttemptPlan(asked, seed)
					.questions.map((q) => q.id)
					.join()
			)
		);
		expect(orders.size).toBe(4);
		expect(createAttemptPlan(asked, 1).questions.map((q) => q.id)).not.toEqual(ids);
	});

	it('draws `draw` distinct questions with the seed: the same ones for the same seed, others for another', () => {
		const plan = createAttemptPlan(asked, 11, { draw: 10 });
		expect(plan.questions).toHaveLength(10);
		expect(new Set(plan.questions.map((q) => q.id)).size).toBe(10);
		expect(plan.questions).toEqual(createAttemptPlan(asked, 11).questions.slice(0, 10));
		expect(createAttemptPlan(asked, 11, { draw: 10 })).toEqual(plan);
		const other = createAttemptPlan(asked, 12, { draw: 10 }).questions.map((q) => q.id);
		expect(other.sort()).not.toEqual(plan.questions.map((q) => q.id).sort());
		// Asking for more than there are asks them all; null asks them all.
		expect(createAttemptPlan(asked, 11, { draw: 500 }).questions).toHaveLength(ids.length);
		expect(createAttemptPlan(asked, 11, { draw: null })).toEqual(createAttemptPlan(asked, 11));
		expect(() => createAttemptPlan(asked, 11, { draw: 0 })).toThrow(RangeError);
	});

	it('fixes each question’s option order, independent of which other questions are in the attempt', () => {
		const whole = createAttemptPlan(asked, 31);
		const module = createAttemptPlan(asked.slice(0, 5), 31);
		for (const { id, optionSeed } of module.questions) {
			expect(whole.questions.find((q) => q.id === id)!.optionSeed).toBe(optionSeed);
		}
	});

	it('accepts the full range of 32-bit seeds and rejects anything else', () => {
		expect(() => createAttemptPlan(asked, 0)).not.toThrow();
		expect(() => createAttemptPlan(asked, 0xffffffff)).not.toThrow();
		for (const bad of [-1, 1.5, 2 ** 32, Number.NaN]) {
			expect(() => createAttemptPlan(asked, bad)).toThrow(RangeError);
		}
	});

	it('rejects a question listed twice', () => {
		expect(() =>
			createAttemptPlan(
				['a', 'b', 'a'].map((id) => ({ id, version: 1 })),
				1
			)
		).toThrow('question "a" is listed twice');
	});

	it('names the version of each question it asks', () => {
		const plan = createAttemptPlan(asked, 8);
		const versionOf = new Map(asked.map((q) => [q.id, q.version]));
		for (const q of plan.questions) expect(q.version).toBe(versionOf.get(q.id));
		expect(plan.questions.find((q) => q.id === ids[2])!.version).toBe(3);
		// The version does not move the order: the same questions at other versions, same plan.
		const atOtherVersions = createAttemptPlan(
			asked.map((q) => ({ ...q, version: q.version + 1 })),
			8
		);
		expect(atOtherVersions.questions.map(({ id, optionSeed }) => ({ id, optionSeed }))).toEqual(
			plan.questions.map(({ id, optionSeed }) => ({ id, optionSeed }))
		);
		for (const bad of [0, -1, 1.5, Number.NaN]) {
			expect(() => createAttemptPlan([{ id: 'a', version: bad }], 1)).toThrow(RangeError);
		}
	});

	it('is plain JSON that parses back to the same plan', () => {
		const plan = createAttemptPlan(asked, 99);
		expect(attemptPlanSchema.parse(JSON.parse(JSON.stringify(plan)))).toEqual(plan);
	});
});

describe('attemptPlanSchema', () => {
	it('reads a plan stored before questions had versions as asking version 1 of each', () => {
		const stored = {
			seed: 5,
			questions: [
				{ id: 'q1', optionSeed: 10 },
				{ id: 'q2', optionSeed: 20 }
			]
		};
		expect(attemptPlanSchema.parse(stored)).toEqual({
			seed: 5,
			questions: [
				{ id: 'q1', optionSeed: 10, version: 1 },
				{ id: 'q2', optionSeed: 20, version: 1 }
			]
		});
	});

	it('keeps the version a new plan names, and refuses one that is not a version', () => {
		const stored = { seed: 5, questions: [{ id: 'q1', optionSeed: 10, version: 4 }] };
		expect(attemptPlanSchema.parse(stored).questions[0]!.version).toBe(4);
		for (const version of [0, 1.5, '2', null]) {
			const bad = { seed: 5, questions: [{ id: 'q1', optionSeed: 10, version }] };
			expect(attemptPlanSchema.safeParse(bad).success, String(version)).toBe(false);
		}
	});

	it('still refuses a key it does not know', () => {
		const stored = { seed: 5, questions: [{ id: 'q1', optionSeed: 10, version: 1, extra: 1 }] };
		expect(attemptPlanSchema.safeParse(stored).success).toBe(false);
	});
});

describe('publicQuestionsForPlan', () => {
	it('renders the attempt’s questions in plan order, each shuffled by its own seed', () => {
		const plan = createAttemptPlan(asked, 5);
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
		const plan = attemptPlanSchema.parse(JSON.parse(JSON.stringify(createAttemptPlan(asked, 77))));
		expect(publicQuestionsForPlan(plan, questions)).toEqual(
			publicQuestionsForPlan(createAttemptPlan(asked, 77), questions)
		);
	});

	it('refuses a plan that names a question it was not given', () => {
		expect(() =>
			publicQuestionsForPlan(
				{ seed: 1, questions: [{ id: 'q-gone', optionSeed: 1, version: 1 }] },
				questions
			)
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
