import { CONFIRM_UNANSWERED_FIELD } from './field';
import { responsesFromForm } from './response';
import type { Question } from './schema';

/** What a question's id looks like (a slug, as the quiz schema requires). */
const QUESTION_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The question a quiz field answers: `<questionId>` or `<questionId>.<partId>`. */
const questionOf = (key: string) => key.split('.')[0]!.slice(0, 100);

export interface AttemptForm {
	/** Answers by question id, in the shape the grader takes. */
	responses: Record<string, unknown>;
	/** The learner's own choices for this attempt's fields, to refill a refused form. */
	values: Record<string, string | string[]>;
	/** How many blank questions the learner confirmed submitting (0 when not asked). */
	confirmedUnanswered: number;
}

/**
 * Reads a quiz form sent for an attempt holding `questions`. `null` when a field could not be
 * any question's id (`__proto__`, `x y`): no answer a browser sends, so the form is refused
 * whole, before any name becomes a key anywhere. A field for a question this attempt does not
 * hold is kept as an answer to an unknown question: the grader refuses it.
 */
export function readAttemptForm(
	form: FormData,
	questions: readonly Question[]
): AttemptForm | null {
	const confirmed = Number(form.get(CONFIRM_UNANSWERED_FIELD));
	const fields = new FormData();
	for (const [key, value] of form) if (key !== CONFIRM_UNANSWERED_FIELD) fields.append(key, value);
	const known = new Set(questions.map((q) => q.id));
	const foreign = (key: string) =>
		!known.has(questionOf(key)) && !QUESTION_ID.test(questionOf(key));
	if ([...fields.keys()].some(foreign)) return null;
	const responses = responsesFromForm(questions, fields);
	for (const key of new Set(fields.keys())) {
		const id = questionOf(key);
		if (known.has(id) || Object.hasOwn(responses, id)) continue;
		Object.defineProperty(responses, id, {
			value: fields.get(key),
			enumerable: true,
			configurable: true,
			writable: true
		});
	}
	return {
		responses,
		values: echoValues(fields, known),
		confirmedUnanswered: Number.isInteger(confirmed) && confirmed > 0 ? confirmed : 0
	};
}

/** Only this attempt's fields, each value cut to a sane length, so the form refills. */
function echoValues(form: FormData, known: Set<string>) {
	const values: Record<string, string | string[]> = Object.create(null);
	for (const key of new Set(form.keys())) {
		if (!known.has(questionOf(key))) continue;
		const all = form
			.getAll(key)
			.filter((v): v is string => typeof v === 'string')
			.map((v) => v.slice(0, 500));
		values[key.slice(0, 200)] = all.length > 1 ? all : (all[0] ?? '');
	}
	return values;
}
