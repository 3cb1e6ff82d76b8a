import { itemsOf, leftsOf, optionsOf, rightsOf, type Choice } from './parts';
import {
	isUnanswered,
	MISSING_ANSWER,
	responseSchema,
	type QuestionResponse,
	type ResponseByType
} from './response';
import type { Evidence, Question, QuestionOf, QuestionType } from './schema';
import { scorePercent } from './score';
import { answersMatch, parseNumber } from './text';

/** How much of a multi-part answer was right; the points stay all-or-nothing. */
export interface PartialCredit {
	/** Correct options chosen / left items matched right / items in their right place. */
	right: number;
	/** Wrong options chosen / left items matched wrong / items out of place. */
	wrong: number;
	/** Correct options / left items / items. */
	total: number;
	/** max(0, right − wrong for multiple; right for the others) ÷ total, in [0, 1]. */
	credit: number;
}

/** One graded answer: everything a results page shows, safe to send after submission. */
export interface GradedAnswer {
	questionId: string;
	type: QuestionType;
	/** The question as asked. */
	text: string;
	correct: boolean;
	/** 1 when correct, else 0. */
	points: number;
	maxPoints: number;
	/** For multiple, matching and ordering; null for the others. */
	partial: PartialCredit | null;
	/**
	 * The validated response: store it, and `gradeStoredAnswer` grades it the same way again.
	 * null when the learner left the question unanswered (graded as wrong).
	 */
	response: QuestionResponse | null;
	/** The learner's response as shown back, one line per choice, pair or item. */
	responseText: string[];
	/** The key as shown after submission, one line per option, pair, item or accepted answer. */
	answerText: string[];
	explanation: string;
	evidence: Evidence;
}

export type AnswerGrade = { ok: true; result: GradedAnswer } | { ok: false; error: string };

export interface Score {
	points: number;
	maxPoints: number;
	correct: number;
	total: number;
	/** Rounded whole percent of points. */
	percent: number;
}

export type AttemptGrade =
	| { ok: true; results: GradedAnswer[]; score: Score; unanswered: string[] }
	| { ok: false; errors: Record<string, string>; unanswered: string[] };

/**
 * What to do with a question left blank: `refuse` it (the attempt is not graded; the question
 * gets "Answer this question."), or grade it as `wrong` (once the learner has confirmed).
 */
export type UnansweredRule = 'refuse' | 'wrong';

/**
 * What to do with an answer to a question that is not one of `questions`: ignore it (a JSON
 * body's other fields) or refuse it (an attempt's form: a stale or forged answer is refused
 * like any other bad answer, so nothing is recorded and the learner is told).
 */
export type OthersRule = 'ignore' | 'refuse';

/** The message for an answer to a question that is not part of the attempt. */
export const NOT_IN_ATTEMPT = 'This question is not part of this quiz.';

/** At most this many answers to other questions are named, each by at most 100 characters. */
const MAX_OTHERS_NAMED = 20;

/** Grades one raw response. Never throws: unusable input comes back as `{ ok: false, error }`. */
export function gradeAnswer(question: Question, response: unknown): AnswerGrade {
	const parsed = responseSchema(question).safeParse(response);
	if (!parsed.success)
		return { ok: false, error: parsed.error.issues[0]?.message ?? MISSING_ANSWER };
	const marked = mark(question, parsed.data);
	return {
		ok: true,
		result: {
			questionId: question.id,
			type: question.type,
			text: question.text,
			correct: marked.correct,
			points: marked.correct ? 1 : 0,
			maxPoints: 1,
			partial: marked.partial,
			response: parsed.data,
			responseText: marked.responseText,
			answerText: marked.answerText,
			explanation: question.explanation,
			evidence: question.evidence
		}
	};
}

/** A question the learner left blank, graded: wrong, no response, the key shown after submission. */
export function unansweredResult(question: Question): GradedAnswer {
	return {
		questionId: question.id,
		type: question.type,
		text: question.text,
		correct: false,
		points: 0,
		maxPoints: 1,
		partial: null,
		response: null,
		responseText: [],
		answerText: keyText(question),
		explanation: question.explanation,
		evidence: question.evidence
	};
}

/** Grades a response as stored with an attempt: null is a question left unanswered. */
export function gradeStoredAnswer(question: Question, stored: unknown): AnswerGrade {
	return stored === null
		? { ok: true, result: unansweredResult(question) }
		: gradeAnswer(question, stored);
}

/**
 * Grades a whole attempt. `responses` maps question id → raw response (e.g. from
 * `responsesFromForm`, or a JSON body); keys that are not questions of the attempt are
 * ignored, or refused with `NOT_IN_ATTEMPT` under their own key when `others` is `refuse`. Either every answer is usable and all are graded, in `questions` order, or
 * nothing is graded and each unusable answer has a message under its question id. A blank
 * question is refused like an unusable answer, unless `unanswered` is `wrong`: then it is
 * graded as wrong (no points). Either way `unanswered` lists the blank questions' ids.
 */
export function gradeAttempt(
	questions: readonly Question[],
	responses: unknown,
	{
		unanswered: rule = 'refuse',
		others = 'ignore'
	}: { unanswered?: UnansweredRule; others?: OthersRule } = {}
): AttemptGrade {
	const given = typeof responses === 'object' && responses !== null ? responses : {};
	const results: GradedAnswer[] = [];
	const errors: Record<string, string> = {};
	const unanswered: string[] = [];
	for (const question of questions) {
		const raw = Object.hasOwn(given, question.id)
			? (given as Record<string, unknown>)[question.id]
			: undefined;
		if (isUnanswered(raw)) {
			unanswered.push(question.id);
			if (rule === 'wrong') {
				results.push(unansweredResult(question));
				continue;
			}
		}
		const graded = gradeAnswer(question, raw);
		if (graded.ok) results.push(graded.result);
		else errors[question.id] = graded.error;
	}
	if (others === 'refuse' && !Array.isArray(given)) {
		const asked = new Set(questions.map((q) => q.id));
		const foreign = Object.keys(given).filter((id) => !asked.has(id));
		for (const id of foreign.slice(0, MAX_OTHERS_NAMED)) errors[id.slice(0, 100)] = NOT_IN_ATTEMPT;
	}
	if (Object.keys(errors).length > 0) return { ok: false, errors, unanswered };
	const points = results.reduce((sum, r) => sum + r.points, 0);
	const maxPoints = results.reduce((sum, r) => sum + r.maxPoints, 0);
	return {
		ok: true,
		results,
		score: {
			points,
			maxPoints,
			correct: results.filter((r) => r.correct).length,
			total: results.length,
			percent: Math.round(scorePercent(points, maxPoints))
		},
		unanswered
	};
}

/** The key as shown after submission, one line per option, pair, item or accepted answer. */
function keyText(q: Question): string[] {
	switch (q.type) {
		case 'single':
			return [q.answer];
		case 'multiple':
			return q.options.filter((o) => q.answers.includes(o));
		case 'truefalse':
			return [q.answer ? 'True' : 'False'];
		case 'matching':
			return q.pairs.map((p) => `${p.left} → ${p.right}`);
		case 'ordering':
			return q.items.map((item, i) => `${i + 1}. ${item}`);
		case 'short':
			return q.accepted;
		case 'numeric': {
			const unit = q.unit ? ` ${q.unit}` : '';
			const tolerance = q.tolerance > 0 ? ` (± ${q.tolerance})` : '';
			return [`${q.answer}${unit}${tolerance}`];
		}
	}
}

interface Marked {
	correct: boolean;
	partial: PartialCredit | null;
	responseText: string[];
	answerText: string[];
}

function mark(q: Question, response: QuestionResponse): Marked {
	switch (q.type) {
		case 'single':
			return markSingle(q, response as ResponseByType['single']);
		case 'multiple':
			return markMultiple(q, response as ResponseByType['multiple']);
		case 'truefalse': {
			const given = response as ResponseByType['truefalse'];
			return {
				correct: given === q.answer,
				partial: null,
				responseText: [given ? 'True' : 'False'],
				answerText: keyText(q)
			};
		}
		case 'matching':
			return markMatching(q, response as ResponseByType['matching']);
		case 'ordering':
			return markOrdering(q, response as ResponseByType['ordering']);
		case 'short': {
			const given = response as ResponseByType['short'];
			return {
				correct: q.accepted.some((a) => answersMatch(given, a)),
				partial: null,
				responseText: [given],
				answerText: keyText(q)
			};
		}
		case 'numeric': {
			const given = response as ResponseByType['numeric'];
			const values = parseNumber(given) ?? [];
			// A hair of slack so 0.1 + 0.2-style float error never fails an exact answer.
			const slack = q.tolerance + 1e-9 * Math.max(1, Math.abs(q.answer));
			return {
				correct: values.some((v) => Math.abs(v - q.answer) <= slack),
				partial: null,
				responseText: [given],
				answerText: keyText(q)
			};
		}
	}
}

const textOf = (choices: Choice[], id: string) => choices.find((c) => c.id === id)?.text ?? id;

function markSingle(q: QuestionOf<'single'>, given: string): Marked {
	const options = optionsOf(q);
	return {
		correct: textOf(options, given) === q.answer,
		partial: null,
		responseText: [textOf(options, given)],
		answerText: keyText(q)
	};
}

function markMultiple(q: QuestionOf<'multiple'>, given: string[]): Marked {
	const options = optionsOf(q);
	const chosen = options.filter((o) => given.includes(o.id)).map((o) => o.text);
	const right = chosen.filter((t) => q.answers.includes(t)).length;
	const wrong = chosen.length - right;
	const total = q.answers.length;
	return {
		correct: right === total && wrong === 0,
		partial: { right, wrong, total, credit: Math.max(0, right - wrong) / total },
		responseText: chosen,
		answerText: keyText(q)
	};
}

function markMatching(q: QuestionOf<'matching'>, given: Record<string, string>): Marked {
	const lefts = leftsOf(q);
	const rights = rightsOf(q);
	const right = lefts.filter((l, i) => given[l.id] === rights[i]!.id).length;
	const total = lefts.length;
	return {
		correct: right === total,
		partial: { right, wrong: total - right, total, credit: right / total },
		responseText: lefts.map((l) => `${l.text} → ${textOf(rights, given[l.id]!)}`),
		answerText: keyText(q)
	};
}

function markOrdering(q: QuestionOf<'ordering'>, given: Record<string, number>): Marked {
	const items = itemsOf(q);
	const right = items.filter((item, i) => given[item.id] === i + 1).length;
	const total = items.length;
	const learnerOrder = [...items].sort((a, b) => given[a.id]! - given[b.id]!);
	return {
		correct: right === total,
		partial: { right, wrong: total - right, total, credit: right / total },
		responseText: learnerOrder.map((item, i) => `${i + 1}. ${item.text}`),
		answerText: keyText(q)
	};
}
