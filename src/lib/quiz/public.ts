import { itemsOf, leftsOf, optionsOf, rightsOf, type Choice } from './parts';
import { hash53, mulberry32, shuffled } from './random';
import { MAX_ANSWER_LENGTH, type Question } from './schema';

interface PublicBase {
	id: string;
	text: string;
}

/**
 * What the browser may see of a question before the answer is submitted: no key, no
 * accepted answers, no tolerance, no explanation, no evidence. Choices carry opaque ids.
 */
export type PublicQuestion =
	| (PublicBase & { type: 'single'; options: Choice[] })
	| (PublicBase & { type: 'multiple'; options: Choice[] })
	| (PublicBase & { type: 'truefalse' })
	/** Answer: for each `left` item, the id of one of `choices`. */
	| (PublicBase & { type: 'matching'; left: Choice[]; choices: Choice[] })
	/** Answer: for each item, its position from 1 to items.length. */
	| (PublicBase & { type: 'ordering'; items: Choice[] })
	| (PublicBase & { type: 'short'; maxLength: number })
	| (PublicBase & { type: 'numeric'; maxLength: number; unit?: string });

/**
 * The public form of a question, its choices shuffled by `optionOrderSeed` (an attempt
 * plan's `optionSeed`): the same seed always gives the same order.
 */
export function toPublicQuestion(question: Question, optionOrderSeed: number): PublicQuestion {
	const random = mulberry32((optionOrderSeed ^ hash53(question.id)) >>> 0);
	const { id, text } = question;
	switch (question.type) {
		case 'single':
		case 'multiple':
			return { id, text, type: question.type, options: shuffled(optionsOf(question), random) };
		case 'truefalse':
			return { id, text, type: 'truefalse' };
		case 'matching':
			return {
				id,
				text,
				type: 'matching',
				left: leftsOf(question),
				// Rights lined up with their lefts would give the answer away.
				choices: unsorted(rightsOf(question), random)
			};
		case 'ordering':
			return { id, text, type: 'ordering', items: unsorted(itemsOf(question), random) };
		case 'short':
			return { id, text, type: 'short', maxLength: MAX_ANSWER_LENGTH };
		case 'numeric':
			return {
				id,
				text,
				type: 'numeric',
				maxLength: MAX_ANSWER_LENGTH,
				...(question.unit ? { unit: question.unit } : {})
			};
	}
}

/** A shuffle that never returns the original (correct) order of two or more items. */
function unsorted<T>(items: T[], random: () => number): T[] {
	const out = shuffled(items, random);
	const same = out.every((item, i) => item === items[i]);
	return same && out.length > 1 ? [...out.slice(1), out[0]!] : out;
}
