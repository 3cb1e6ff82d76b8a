/**
 * The question editor's form, read both ways: a submitted form → a Question (validated as the
 * bank validates one, with messages beside the field a teacher must change), and a Question →
 * the values that fill the form in. Plain fields that work without JavaScript: numbered rows
 * for options, pairs and items; ticks for correct options; one accepted answer per line.
 */
import { MAX_ANSWER_LENGTH, questionSchema, type Question, type QuestionType } from '../schema';
import { normalizeAnswer } from '../text';
import { checkQuote, type ModuleText } from './evidence';

/** Rows of options, pairs and items the form offers: the schema's most. */
export const MAX_ROWS = 8;
const MAX_ACCEPTED = 20;
const MAX_UNIT = 40;
export const ROWS = Array.from({ length: MAX_ROWS }, (_, i) => i + 1);

/** What a teacher calls each type, and what it asks of a learner. */
export const TYPE_LABELS: Record<QuestionType, { name: string; hint: string }> = {
	single: { name: 'Single choice', hint: 'One correct option among several.' },
	multiple: {
		name: 'Multiple choice',
		hint: 'Several options may be correct; all must be ticked.'
	},
	truefalse: { name: 'True or false', hint: 'A statement the learner judges.' },
	matching: { name: 'Matching', hint: 'Each item paired with its match.' },
	ordering: { name: 'Ordering', hint: 'Items put in their correct order.' },
	short: { name: 'Short answer', hint: 'A word or phrase the learner types.' },
	numeric: { name: 'Number', hint: 'A figure, with a tolerance and a unit.' }
};

export const MESSAGES = {
	text: 'Write the question.',
	textLong: 'The question can be at most 2000 characters.',
	explanation: 'Write the explanation learners read after answering: what the text says.',
	explanationLong: 'The explanation can be at most 4000 characters.',
	fewOptions: 'Give at least 2 options, one per row.',
	noCorrect: 'Tick the correct option.',
	noCorrects: 'Tick at least one correct option.',
	emptyCorrect: (n: number) => `Option ${n} is ticked as correct but is empty.`,
	truth: 'Choose whether the statement is true or false.',
	fewPairs: 'Give at least 2 pairs.',
	halfPair: (n: number) => `Pair ${n} needs both an item and its match.`,
	fewItems: 'Give at least 2 items, in their correct order.',
	noAccepted: 'Give at least one accepted answer.',
	manyAccepted: `Give at most ${MAX_ACCEPTED} accepted answers.`,
	nothingToCompare: (a: string) =>
		`“${a}” has no letters or digits: answers are compared without punctuation, so it could never match.`,
	noNumber: 'Give the correct answer as a number.',
	notNumber: (v: string) =>
		`“${v}” is not a number: write digits, with a point for decimals (12.5).`,
	tolerance: 'The tolerance must be a number, 0 or more (0: only the exact answer counts).',
	unitLong: `The unit can be at most ${MAX_UNIT} characters.`,
	tooLong: (what: string) => `${what} can be at most ${MAX_ANSWER_LENGTH} characters.`,
	twice: (what: string, twin: string) => `${what} reads the same as ${twin}.`
} as const;

/** A submitted form, as FormData is. */
export interface FormLike {
	getAll(name: string): FormDataEntryValue[];
}
/** The form's values by field name (a ticked field may repeat). */
export type EditorValues = Record<string, string | string[]>;
export type FieldErrors = Record<string, string>;
export type ReadResult = { ok: true; question: Question } | { ok: false; errors: FieldErrors };

export interface EditorContext {
	type: QuestionType;
	/** The question's id within its article (kept on edit, made by the server on create). */
	id: string;
	module: ModuleText;
}

const first = (form: FormLike, name: string) => {
	const v = form.getAll(name)[0];
	return typeof v === 'string' ? v : '';
};
const field = (form: FormLike, name: string) => first(form, name).trim();
const ticked = (form: FormLike) =>
	new Set(form.getAll('correct').filter((v): v is string => typeof v === 'string'));
const rows = (form: FormLike, name: string) =>
	ROWS.map((n) => ({ n, text: field(form, `${name}-${n}`) }));
const lines = (text: string) =>
	text
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter(Boolean);

/** Every field the form has, as submitted: what a refused form is filled in with again. */
export function valuesFromForm(form: FormLike): EditorValues {
	const values: EditorValues = {};
	const names = [
		'text',
		'explanation',
		'quote',
		'truth',
		'accepted',
		'number',
		'tolerance',
		'unit'
	];
	for (const name of names) values[name] = first(form, name);
	for (const n of ROWS)
		for (const name of ['option', 'left', 'right', 'item']) {
			values[`${name}-${n}`] = first(form, `${name}-${n}`);
		}
	values.correct = [...ticked(form)];
	return values;
}

/** The values that fill the form in for an existing question. */
export function valuesOf(question: Question): EditorValues {
	const values: EditorValues = {
		text: question.text,
		explanation: question.explanation,
		quote: question.evidence.quote
	};
	switch (question.type) {
		case 'single':
		case 'multiple': {
			const correct = question.type === 'single' ? [question.answer] : question.answers;
			question.options.forEach((o, i) => (values[`option-${i + 1}`] = o));
			values.correct = question.options
				.map((o, i) => (correct.includes(o) ? String(i + 1) : ''))
				.filter(Boolean);
			break;
		}
		case 'truefalse':
			values.truth = String(question.answer);
			break;
		case 'matching':
			question.pairs.forEach((p, i) => {
				values[`left-${i + 1}`] = p.left;
				values[`right-${i + 1}`] = p.right;
			});
			break;
		case 'ordering':
			question.items.forEach((item, i) => (values[`item-${i + 1}`] = item));
			break;
		case 'short':
			values.accepted = question.accepted.join('\n');
			break;
		case 'numeric':
			values.number = String(question.answer);
			values.tolerance = String(question.tolerance);
			values.unit = question.unit ?? '';
			break;
	}
	return values;
}

/** A FormData-like view of values, so one reader serves the form, the page and the tests. */
export function formOf(values: EditorValues): FormLike {
	return {
		getAll: (name) => {
			const v = values[name];
			return v === undefined ? [] : Array.isArray(v) ? v : [v];
		}
	};
}

/** JavaScript's own number syntax, and thousands grouped with commas (1,250). */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
function readNumber(text: string): number | null {
	const plain = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(text) ? text.replaceAll(',', '') : text;
	if (!NUMBER.test(plain)) return null;
	const n = Number(plain);
	return Number.isFinite(n) ? n : null;
}

/** The question the form describes, checked only as far as it can be built (for the preview). */
function build(form: FormLike, { type, id, module }: EditorContext, errors: FieldErrors) {
	const base = {
		id,
		text: field(form, 'text'),
		explanation: field(form, 'explanation'),
		evidence: { section: module.slug, quote: field(form, 'quote') }
	};
	/** Non-empty rows, each checked for length and for a twin above it. */
	const filled = (name: string, label: string) => {
		const seen = new Map<string, number>();
		return rows(form, name).filter(({ n, text }) => {
			if (!text) return false;
			const key = `${name}-${n}`;
			if (text.length > MAX_ANSWER_LENGTH) errors[key] ??= MESSAGES.tooLong(`${label} ${n}`);
			const twin = seen.get(normalizeAnswer(text));
			if (twin !== undefined)
				errors[key] ??= MESSAGES.twice(`${label} ${n}`, `${label.toLowerCase()} ${twin}`);
			else seen.set(normalizeAnswer(text), n);
			return true;
		});
	};
	switch (type) {
		case 'single':
		case 'multiple': {
			const options = filled('option', 'Option');
			const marks = ticked(form);
			const correct = rows(form, 'option').filter((r) => marks.has(String(r.n)));
			for (const r of correct) if (!r.text) errors.correct ??= MESSAGES.emptyCorrect(r.n);
			if (options.length < 2) errors.options ??= MESSAGES.fewOptions;
			const answers = correct.filter((r) => r.text).map((r) => r.text);
			if (type === 'single') {
				if (correct.length === 0) errors.correct ??= MESSAGES.noCorrect;
				return { ...base, type, options: options.map((o) => o.text), answer: answers[0] ?? '' };
			}
			if (correct.length === 0) errors.correct ??= MESSAGES.noCorrects;
			return { ...base, type, options: options.map((o) => o.text), answers };
		}
		case 'truefalse': {
			const truth = field(form, 'truth');
			if (truth !== 'true' && truth !== 'false') errors.truth = MESSAGES.truth;
			return { ...base, type, answer: truth === 'true' };
		}
		case 'matching': {
			const lefts = filled('left', 'Item');
			const rights = filled('right', 'Match');
			const pairs = ROWS.flatMap((n) => {
				const left = lefts.find((r) => r.n === n)?.text;
				const right = rights.find((r) => r.n === n)?.text;
				if (!left && !right) return [];
				if (!left || !right) {
					errors[`pair-${n}`] ??= MESSAGES.halfPair(n);
					return [];
				}
				return [{ left, right }];
			});
			if (pairs.length < 2) errors.pairs ??= MESSAGES.fewPairs;
			return { ...base, type, pairs };
		}
		case 'ordering': {
			const items = filled('item', 'Item').map((r) => r.text);
			if (items.length < 2) errors.items ??= MESSAGES.fewItems;
			return { ...base, type, items };
		}
		case 'short': {
			const accepted = lines(first(form, 'accepted'));
			if (accepted.length === 0) errors.accepted = MESSAGES.noAccepted;
			else if (accepted.length > MAX_ACCEPTED) errors.accepted = MESSAGES.manyAccepted;
			accepted.forEach((a, i) => {
				if (a.length > MAX_ANSWER_LENGTH)
					errors.accepted ??= MESSAGES.tooLong(`Accepted answer ${i + 1}`);
				else if (normalizeAnswer(a) === '') errors.accepted ??= MESSAGES.nothingToCompare(a);
			});
			return { ...base, type, accepted };
		}
		case 'numeric': {
			const written = field(form, 'number');
			const answer = readNumber(written);
			if (!written) errors.number = MESSAGES.noNumber;
			else if (answer === null) errors.number = MESSAGES.notNumber(written);
			const tolerance = readNumber(field(form, 'tolerance') || '0');
			if (tolerance === null || tolerance < 0) errors.tolerance = MESSAGES.tolerance;
			const unit = field(form, 'unit');
			if (unit.length > MAX_UNIT) errors.unit = MESSAGES.unitLong;
			return {
				...base,
				type,
				answer: answer ?? 0,
				tolerance: tolerance ?? 0,
				...(unit ? { unit } : {})
			};
		}
	}
}

/** The question as the form stands, for the live preview: built as far as it goes, unvalidated. */
export function draftQuestion(form: FormLike, context: EditorContext): Question {
	const question = build(form, context, {});
	// The preview keys choices by text: a twin row would be one choice twice.
	const once = (list: string[]) => [...new Set(list)];
	switch (question.type) {
		case 'single':
		case 'multiple':
		case 'ordering':
			return question.type === 'ordering'
				? { ...question, items: once(question.items) }
				: ({ ...question, options: once(question.options) } as Question);
		case 'matching': {
			const lefts = new Set<string>();
			const rights = new Set<string>();
			const pairs = question.pairs.filter(({ left, right }) => {
				if (lefts.has(left) || rights.has(right)) return false;
				lefts.add(left);
				rights.add(right);
				return true;
			});
			return { ...question, pairs };
		}
		default:
			return question;
	}
}

/** Reads a submitted editor form into a Question, or the messages to show beside its fields. */
export function readQuestionForm(form: FormLike, context: EditorContext): ReadResult {
	const errors: FieldErrors = {};
	const text = field(form, 'text');
	if (!text) errors.text = MESSAGES.text;
	else if (text.length > 2000) errors.text = MESSAGES.textLong;
	const explanation = field(form, 'explanation');
	if (!explanation) errors.explanation = MESSAGES.explanation;
	else if (explanation.length > 4000) errors.explanation = MESSAGES.explanationLong;
	const quote = checkQuote(context.module, field(form, 'quote'));
	if (!quote.ok) errors.quote = quote.message;
	const candidate = build(form, context, errors);
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	// The bank's own schema has the last word; anything it still finds is shown on the form.
	const parsed = questionSchema.safeParse(candidate);
	if (parsed.success) return { ok: true, question: parsed.data };
	for (const issue of parsed.error.issues)
		errors.form ??= `${issue.path.join(' ')}: ${issue.message}`;
	return { ok: false, errors };
}
