import { z } from 'zod';
import { itemsOf, leftsOf, optionsOf, rightsOf } from './parts';
import { MAX_ANSWER_LENGTH, type QuestionOf, type QuestionType } from './schema';
import { parseNumber } from './text';
import { fieldName } from './field';

export { fieldName };

/** What a learner submits for each type of question, once parsed. All plain JSON. */
export interface ResponseByType {
	/** The chosen option's id. */
	single: string;
	/** The chosen options' ids, each once. */
	multiple: string[];
	truefalse: boolean;
	/** Left item id → chosen right-hand choice id, for every left item. */
	matching: Record<string, string>;
	/** Item id → position (1 = first), a permutation of 1..n. */
	ordering: Record<string, number>;
	/** The text typed, trimmed. */
	short: string;
	/** The text typed, trimmed (numbers sent as JSON numbers become their decimal text). */
	numeric: string;
}
export type QuestionResponse = ResponseByType[QuestionType];

export const MISSING_ANSWER = 'Answer this question.';
const MAX_ID_LENGTH = 100;

/** An error message for input that is present but wrong; absent input always reads MISSING_ANSWER. */
const says = (message: string) => ({
	error: (issue: { input?: unknown }) => (issue.input === undefined ? MISSING_ANSWER : message)
});

/** Blank form fields, empty selections and empty objects all count as "not answered". */
function blankToUndefined(value: unknown): unknown {
	if (value === null || value === undefined) return undefined;
	if (typeof value === 'string' && value.trim() === '') return undefined;
	if (Array.isArray(value) && value.length === 0) return undefined;
	if (isPlainObject(value) && Object.keys(value).length === 0) return undefined;
	return value;
}

/**
 * Whether a raw response is no answer at all: absent, blank text, nothing ticked, or every
 * part of a matching or ordering question left unchosen. (A response with some parts chosen is
 * an answer, incomplete: the learner is asked to finish it.)
 */
export function isUnanswered(value: unknown): boolean {
	const blank = blankToUndefined(value) === undefined;
	if (blank || !isPlainObject(value)) return blank;
	return Object.values(value).every((part) => blankToUndefined(part) === undefined);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (wrongType: string) =>
	z
		.string(says(wrongType))
		.trim()
		.max(MAX_ANSWER_LENGTH, `Keep your answer to ${MAX_ANSWER_LENGTH} characters or fewer.`);

/**
 * The zod schema a learner's response to `question` must pass. Its messages are written
 * for the learner ("Choose one of the options shown."); an absent or blank response gives
 * "Answer this question.".
 */
export function responseSchema<T extends QuestionType>(
	question: QuestionOf<T>
): z.ZodType<ResponseByType[T]> {
	// A schema is a pure function of its question, and building one costs more than checking an
	// answer with it: each question's is built once (keyed by the question as written, so an
	// edited question gets its own), not at every answer of every submission.
	const key = JSON.stringify(question);
	let schema = schemas.get(key);
	if (!schema) {
		if (schemas.size >= MAX_SCHEMAS) schemas.clear();
		schema = z.preprocess(blankToUndefined, schemaFor(question));
		schemas.set(key, schema);
	}
	return schema as unknown as z.ZodType<ResponseByType[T]>;
}

/** Response schemas by question; cleared whole when full (a few banks' worth). */
const schemas = new Map<string, z.ZodType>();
const MAX_SCHEMAS = 5000;

function schemaFor(q: QuestionOf<QuestionType>): z.ZodType<QuestionResponse> {
	switch (q.type) {
		case 'single': {
			const ids = optionsOf(q).map((o) => o.id);
			return z.string(says('Choose one of the options shown.')).refine((id) => ids.includes(id), {
				message: 'Choose one of the options shown.'
			});
		}
		case 'multiple': {
			const ids = optionsOf(q).map((o) => o.id);
			return z
				.preprocess(
					(v) => (typeof v === 'string' ? [v] : v),
					z
						.array(
							z.string(says('Choose only from the options shown.')).max(MAX_ID_LENGTH),
							says('Choose one or more of the options shown.')
						)
						.max(ids.length, 'Choose only from the options shown.')
				)
				.refine((chosen) => chosen.every((id) => ids.includes(id)), {
					message: 'Choose only from the options shown.'
				})
				.transform((chosen) => [...new Set(chosen)]);
		}
		case 'truefalse':
			return z
				.union([z.boolean(), z.enum(['true', 'false'])], says('Choose true or false.'))
				.transform((v) => v === true || v === 'true');
		case 'matching': {
			const lefts = leftsOf(q).map((c) => c.id);
			const rights = rightsOf(q).map((c) => c.id);
			return z
				.record(z.string(), z.unknown(), says('Choose a match for each item.'))
				.transform((given, ctx) => {
					const problem =
						partsProblem(given, lefts, 'Match only the items shown.', (v) =>
							v === '' || (typeof v === 'string' && rights.includes(v))
								? null
								: 'Choose each match from the options shown.'
						) ??
						(lefts.every((id) => Object.hasOwn(given, id) && given[id] !== '')
							? null
							: 'Choose a match for every item.');
					if (problem) {
						ctx.addIssue({ code: 'custom', message: problem });
						return z.NEVER;
					}
					return Object.fromEntries(lefts.map((id) => [id, given[id] as string]));
				});
		}
		case 'ordering': {
			const items = itemsOf(q).map((c) => c.id);
			const n = items.length;
			const position = (v: unknown) =>
				typeof v === 'number'
					? v
					: typeof v === 'string' && /^\s*\d{1,3}\s*$/.test(v)
						? Number(v)
						: NaN;
			return z
				.record(z.string(), z.unknown(), says('Give each item a position.'))
				.transform((given, ctx) => {
					const range = `Give each item a position from 1 to ${n}.`;
					const present = items.filter((id) => Object.hasOwn(given, id) && given[id] !== '');
					const positions = present.map((id) => position(given[id]));
					const problem =
						partsProblem(given, items, 'Place only the items shown.', (v) =>
							v === '' || (Number.isInteger(position(v)) && position(v) >= 1 && position(v) <= n)
								? null
								: range
						) ??
						(present.length < n ? 'Give every item a position.' : null) ??
						(new Set(positions).size < n
							? `Give each item a different position from 1 to ${n}.`
							: null);
					if (problem) {
						ctx.addIssue({ code: 'custom', message: problem });
						return z.NEVER;
					}
					return Object.fromEntries(items.map((id, i) => [id, positions[i]!]));
				});
		}
		case 'short':
			return text('Type your answer as text.');
		case 'numeric':
			return z
				.union([z.number().transform(String), z.string()], says('Type your answer as a number.'))
				.pipe(text('Type your answer as a number.'))
				.refine((v) => parseNumber(v) !== null, {
					message: 'Enter one number, for example 30, 30.5 or 30,5.'
				});
	}
}

/** The first problem among a response's parts: an unknown key, or a value `valueProblem` rejects. */
function partsProblem(
	given: Record<string, unknown>,
	known: string[],
	unknownKey: string,
	valueProblem: (value: unknown) => string | null
): string | null {
	for (const [key, value] of Object.entries(given)) {
		if (!known.includes(key)) return unknownKey;
		const problem = valueProblem(value);
		if (problem) return problem;
	}
	return null;
}

/**
 * Collects raw responses from a submitted quiz form (works without JavaScript): single,
 * truefalse, short and numeric from the field named by the question id; multiple from all
 * its checked boxes; matching and ordering from the `<questionId>.<partId>` fields.
 * Blank fields are left out, so they read as unanswered. Pass the result to `gradeAttempt`.
 */
export function responsesFromForm(
	questions: readonly { id: string; type: QuestionType }[],
	form: FormData | URLSearchParams
): Record<string, unknown> {
	const entries = [...form.entries()] as [string, unknown][];
	const responses: Record<string, unknown> = {};
	for (const { id, type } of questions) {
		if (type === 'matching' || type === 'ordering') {
			const prefix = `${id}.`;
			const parts = entries.filter(([k, v]) => k.startsWith(prefix) && v !== '');
			if (parts.length > 0) {
				responses[id] = Object.fromEntries(parts.map(([k, v]) => [k.slice(prefix.length), v]));
			}
		} else if (type === 'multiple') {
			const values = form.getAll(id);
			if (values.length > 0) responses[id] = values;
		} else {
			const value = form.get(id);
			if (value !== null) responses[id] = value;
		}
	}
	return responses;
}

/**
 * The form fields that show a validated response again (the inverse of `responsesFromForm`):
 * how a saved answer refills the quiz form, with JavaScript or without.
 */
export function responseFormValues(
	question: { id: string; type: QuestionType },
	response: QuestionResponse
): Record<string, string | string[]> {
	const { id, type } = question;
	switch (type) {
		case 'multiple':
			return { [fieldName(id)]: (response as ResponseByType['multiple']).map(String) };
		case 'truefalse':
			return { [fieldName(id)]: response ? 'true' : 'false' };
		case 'matching':
		case 'ordering':
			return Object.fromEntries(
				Object.entries(response as Record<string, string | number>).map(([part, v]) => [
					fieldName(id, part),
					String(v)
				])
			);
		default:
			return { [fieldName(id)]: String(response) };
	}
}
