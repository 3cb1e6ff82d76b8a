import { hashHex } from './random';
import type { QuestionOf } from './schema';

/** Something the learner picks or places: an option, a matching side, an ordering item. */
export interface Choice {
	/** Opaque: derived from the question id and the text, never from position or correctness. */
	id: string;
	text: string;
}

type Role = 'o' | 'l' | 'r' | 'i';

/**
 * A part's id hashes the question id with the part's text, so it is the same in every
 * attempt and every shuffle, and grading needs no attempt state to resolve it.
 */
function partId(questionId: string, role: Role, text: string): string {
	return role + hashHex(questionId, role, text).slice(-10);
}

function choices(questionId: string, role: Role, texts: string[]): Choice[] {
	return texts.map((text) => ({ id: partId(questionId, role, text), text }));
}

/** Options of a single or multiple choice question, in authored order. */
export function optionsOf(q: QuestionOf<'single' | 'multiple'>): Choice[] {
	return choices(q.id, 'o', q.options);
}

/** Left items of a matching question, in authored order. */
export function leftsOf(q: QuestionOf<'matching'>): Choice[] {
	return choices(
		q.id,
		'l',
		q.pairs.map((p) => p.left)
	);
}

/** Right-hand values of a matching question, in authored (= correct pair) order. */
export function rightsOf(q: QuestionOf<'matching'>): Choice[] {
	return choices(
		q.id,
		'r',
		q.pairs.map((p) => p.right)
	);
}

/** Items of an ordering question, in correct order. */
export function itemsOf(q: QuestionOf<'ordering'>): Choice[] {
	return choices(q.id, 'i', q.items);
}
