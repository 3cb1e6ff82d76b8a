import { z } from 'zod';
import { hash53, mulberry32, shuffled } from './random';
import { toPublicQuestion, type PublicQuestion } from './public';
import type { Question } from './schema';

const uint32 = z.number().int().min(0).max(0xffffffff);

/** The fixed shape of one attempt: store it, and the attempt can be shown again identically. */
export const attemptPlanSchema = z.strictObject({
	seed: uint32,
	questions: z.array(z.strictObject({ id: z.string().min(1), optionSeed: uint32 }))
});
export type AttemptPlan = z.infer<typeof attemptPlanSchema>;

/**
 * Fixes an attempt's question order and each question's option order from a 32-bit seed
 * (the server draws it at random and stores it). Same ids and seed → same plan. A
 * question's option seed depends only on the seed and its id, so adding a question to the
 * quiz does not reshuffle the others' options. With `draw`, the attempt asks only the first
 * `draw` questions of the shuffled order: a random selection, fixed by the same seed.
 */
export function createAttemptPlan(
	questionIds: readonly string[],
	seed: number,
	{ draw }: { draw?: number | null } = {}
): AttemptPlan {
	if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
		throw new RangeError(`an attempt seed must be a 32-bit unsigned integer, got ${seed}`);
	}
	const duplicate = questionIds.find((id, i) => questionIds.indexOf(id) !== i);
	if (duplicate !== undefined) throw new RangeError(`question "${duplicate}" is listed twice`);
	if (draw != null && (!Number.isInteger(draw) || draw < 1)) {
		throw new RangeError(`an attempt draws at least one question, got ${draw}`);
	}
	const order = shuffled(questionIds, mulberry32(seed)).slice(0, draw ?? undefined);
	return {
		seed,
		questions: order.map((id) => ({ id, optionSeed: hash53(id, seed) % 0x100000000 }))
	};
}

/** The attempt's questions in plan order, in their public form. Throws if the plan names an unknown question. */
export function publicQuestionsForPlan(
	plan: AttemptPlan,
	questions: readonly Question[]
): PublicQuestion[] {
	const byId = new Map(questions.map((q) => [q.id, q]));
	return plan.questions.map(({ id, optionSeed }) => {
		const question = byId.get(id);
		if (!question) throw new Error(`the attempt plan names question "${id}", which was not given`);
		return toPublicQuestion(question, optionSeed);
	});
}
