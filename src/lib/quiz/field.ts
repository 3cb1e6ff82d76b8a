// Free of zod and of answer logic, so pages can name their inputs without shipping either.

/**
 * The name of the form field that carries an answer. A page renders, per public question:
 * - single: radios `name={fieldName(q.id)}`, `value={option.id}`; multiple: checkboxes, same;
 * - truefalse: radios `name={fieldName(q.id)}` with values `true` and `false`;
 * - matching: per left item a select `name={fieldName(q.id, left.id)}` over `choices` ids;
 * - ordering: per item a select or number `name={fieldName(q.id, item.id)}`, values 1..n;
 * - short, numeric: a text input `name={fieldName(q.id)}` with `maxlength={q.maxLength}`.
 * `responsesFromForm` reads them back.
 */
export function fieldName(questionId: string, partId?: string): string {
	return partId ? `${questionId}.${partId}` : questionId;
}

/**
 * The field a quiz form's "submit anyway" button sends: how many unanswered questions the
 * learner agreed to count as wrong. Not slug-shaped, so it can never be a question's id.
 */
export const CONFIRM_UNANSWERED_FIELD = '_unanswered';
