import { z } from 'zod';
import { normalizeAnswer } from './text';

/** The longest free-text answer Lectern accepts, and the longest authored text a question may hold. */
export const MAX_ANSWER_LENGTH = 500;
/** Ids of questions generated from tables start with this; authored ids may not. */
export const GENERATED_ID_PREFIX = 'table-';
/** Ids of questions suggested from the prose (src/lib/suggest) start with this; authored ids may not. */
export const SUGGESTION_ID_PREFIX = 'suggest-';

export const questionTypes = [
	'single',
	'multiple',
	'truefalse',
	'matching',
	'ordering',
	'short',
	'numeric'
] as const;
export type QuestionType = (typeof questionTypes)[number];

const slug = z
	.string()
	.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a slug: a-z, 0-9 and single hyphens');
const line = z.string().trim().min(1).max(MAX_ANSWER_LENGTH);

/** Where a question's answer stands in the article: `quote` must appear verbatim in one block of `section`. */
export const evidenceSchema = z.strictObject({
	section: slug,
	quote: z.string().min(1).max(2000)
});

const base = {
	/** Stable across re-imports: learners' attempts and review cards refer to it. */
	id: slug.max(100),
	text: z.string().trim().min(1).max(2000),
	/** Shown after submission; teaches the reading, quoting the text. */
	explanation: z.string().trim().min(1).max(4000),
	evidence: evidenceSchema
};

const options = z.array(line).min(2).max(8);

const singleSchema = z.strictObject({
	...base,
	type: z.literal('single'),
	options,
	/** The correct option, written exactly as in `options`. */
	answer: line
});

const multipleSchema = z.strictObject({
	...base,
	type: z.literal('multiple'),
	options,
	/** Every correct option, written exactly as in `options`. Graded all-or-nothing. */
	answers: z.array(line).min(1)
});

const trueFalseSchema = z.strictObject({
	...base,
	type: z.literal('truefalse'),
	answer: z.boolean()
});

const matchingSchema = z.strictObject({
	...base,
	type: z.literal('matching'),
	/** Each left item and the right-hand value it matches; the learner picks a right for each left. */
	pairs: z
		.array(z.strictObject({ left: line, right: line }))
		.min(2)
		.max(8)
});

const orderingSchema = z.strictObject({
	...base,
	type: z.literal('ordering'),
	/** The items in their correct order (e.g. earliest first). */
	items: z.array(line).min(2).max(8)
});

const shortSchema = z.strictObject({
	...base,
	type: z.literal('short'),
	/** Every accepted answer; compared ignoring case, accents, punctuation and spacing. */
	accepted: z.array(line).min(1).max(20)
});

const numericSchema = z.strictObject({
	...base,
	type: z.literal('numeric'),
	answer: z.number(),
	/** An answer within ± tolerance of `answer` is correct. */
	tolerance: z.number().min(0).default(0),
	/** Shown beside the input ("%", "years"); never part of the key. */
	unit: z.string().trim().min(1).max(40).optional()
});

/** One question, authored in a bank or generated from a table. */
export const questionSchema = z
	.discriminatedUnion('type', [
		singleSchema,
		multipleSchema,
		trueFalseSchema,
		matchingSchema,
		orderingSchema,
		shortSchema,
		numericSchema
	])
	.superRefine((q, ctx) => {
		for (const { path, message } of questionProblems(q))
			ctx.addIssue({ code: 'custom', path, message });
	});

/** An article's authored questions: the `<article-slug>.quiz.json` file beside the article. */
export const bankSchema = z
	.strictObject({
		/** The slug of the article the bank belongs to. */
		article: slug,
		questions: z.array(questionSchema).min(1),
		/**
		 * Ids of generated questions (`table-…`) this article's quiz leaves out, e.g. one that
		 * would teach a claim the article contradicts elsewhere. `validateBank` checks that
		 * the generator produces each of them for the article.
		 */
		suppress: z.array(slug.max(100)).optional()
	})
	.superRefine((bank, ctx) => {
		const suppressed = new Set<string>();
		bank.suppress?.forEach((id, i) => {
			if (!id.startsWith(GENERATED_ID_PREFIX)) {
				ctx.addIssue({
					code: 'custom',
					path: ['suppress', i],
					message: `"${id}" is not a generated question's id (those start with "${GENERATED_ID_PREFIX}")`
				});
			}
			if (suppressed.has(id)) {
				ctx.addIssue({ code: 'custom', path: ['suppress', i], message: `"${id}" is listed twice` });
			}
			suppressed.add(id);
		});
		const seen = new Set<string>();
		bank.questions.forEach((q, i) => {
			if (seen.has(q.id)) {
				ctx.addIssue({
					code: 'custom',
					path: ['questions', i, 'id'],
					message: `duplicate id "${q.id}"`
				});
			}
			seen.add(q.id);
			const reserved = [GENERATED_ID_PREFIX, SUGGESTION_ID_PREFIX].find((p) => q.id.startsWith(p));
			if (reserved) {
				ctx.addIssue({
					code: 'custom',
					path: ['questions', i, 'id'],
					message: `authored ids may not start with "${reserved}" (reserved for generated questions)`
				});
			}
		});
	});

export type Evidence = z.infer<typeof evidenceSchema>;
export type Question = z.infer<typeof questionSchema>;
/** A question as authored in JSON (`tolerance` may be left out). */
export type QuestionInput = z.input<typeof questionSchema>;
export type QuestionOf<T extends QuestionType> = Extract<Question, { type: T }>;
export type Bank = z.infer<typeof bankSchema>;

interface Problem {
	path: (string | number)[];
	message: string;
}

/** Checks that need more than one field: keys among options, nothing listed twice. */
function questionProblems(q: Question): Problem[] {
	const problems: Problem[] = [];
	const distinct = (values: string[], field: string) => {
		const seen = new Map<string, string>();
		values.forEach((v, i) => {
			const key = normalizeAnswer(v);
			const twin = seen.get(key);
			if (twin !== undefined) {
				problems.push({
					path: [field, i],
					message: `"${v}" is listed twice (it reads the same as "${twin}")`
				});
			}
			seen.set(key, v);
		});
	};
	switch (q.type) {
		case 'single':
			distinct(q.options, 'options');
			if (!q.options.includes(q.answer))
				problems.push({
					path: ['answer'],
					message: `the answer "${q.answer}" is not among its options`
				});
			break;
		case 'multiple':
			distinct(q.options, 'options');
			distinct(q.answers, 'answers');
			q.answers.forEach((a, i) => {
				if (!q.options.includes(a))
					problems.push({
						path: ['answers', i],
						message: `the answer "${a}" is not among its options`
					});
			});
			break;
		case 'matching':
			distinct(
				q.pairs.map((p) => p.left),
				'pairs'
			);
			distinct(
				q.pairs.map((p) => p.right),
				'pairs'
			);
			break;
		case 'ordering':
			distinct(q.items, 'items');
			break;
		case 'short':
			q.accepted.forEach((a, i) => {
				if (normalizeAnswer(a) === '')
					problems.push({
						path: ['accepted', i],
						message: `"${a}" has no letters or digits to compare`
					});
			});
			break;
		case 'truefalse':
		case 'numeric':
			break;
	}
	return problems;
}
