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
