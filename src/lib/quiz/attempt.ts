import { z } from 'zod';
import { hash53, mulberry32, shuffled } from './random';
import { toPublicQuestion, type PublicQuestion } from './public';
import type { Question } from './schema';

const uint32 = z.number().int().min(0).max(0xffffffff);

/**
 * The fixed shape of one attempt: store it, and the attempt can be shown again identically.
 * Each question names the version it asked, so an edit made later changes neither how the
 * attempt is graded nor what it shows; a plan stored before questions had versions asked
 * version 1 (every question's first version), and reads so.
 */
export const attemptPlanSchema = z.strictObject({
	seed: uint32,
	questions: z.array(
		z.strictObject({
			id: z.string().min(1),
			optionSeed: uint32,
			version: z.number().int().min(1).default(1)
		})
	)
});
/** A plan as read (every question with its version); a new plan always carries them. */
export type AttemptPlan = z.infer<typeof attemptPlanSchema>;

/** A question as an attempt asks it: its id within its article and its current version. */
export interface PlannedId {
	id: string;
	version: number;
}

/**
 * Fixes an attempt's question order and each question's option order from a 32-bit seed
 * (the server draws it at random and stores it), and records the version of each question
 * asked. Same questions and seed → same plan. A
 * question's option seed depends only on the seed and its id, so adding a question to the
 * quiz does not reshuffle the others' options. With `draw`, the attempt asks only the first
 * `draw` questions of the shuffled order: a random selection, fixed by the same seed.
 */
export function createAttemptPlan(
	asked: readonly PlannedId[],
	seed: number,
	{ draw }: { draw?: number | null } = {}
): AttemptPlan {
	if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
		throw new RangeError(`an attempt seed must be a 32-bit unsigned integer, got ${seed}`);
	}
	for (const { id, version } of asked) {
		if (!Number.isInteger(version) || version < 1) {
			throw new RangeError(`question "${id}" has no valid version: ${version}`);
		}
	}
	const questionIds = asked.map((q) => q.id);
	const versionOf = new Map(asked.map((q) => [q.id, q.version]));
	const duplicate = questionIds.find((id, i) => questionIds.indexOf(id) !== i);
	if (duplicate !== undefined) throw new RangeError(`question "${duplicate}" is listed twice`);
	if (draw != null && (!Number.isInteger(draw) || draw < 1)) {
		throw new RangeError(`an attempt draws at least one question, got ${draw}`);
	}
	const order = shuffled(questionIds, mulberry32(seed)).slice(0, draw ?? undefined);
	return {
		seed,
		questions: order.map((id) => ({
			id,
			optionSeed: hash53(id, seed) % 0x100000000,
			version: versionOf.get(id)!
		}))
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
