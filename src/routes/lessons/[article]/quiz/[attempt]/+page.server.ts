import { error, fail, redirect } from '@sveltejs/kit';
import { quizVerdict } from '$lib/classroom';
import { NOT_IN_ATTEMPT, responsesFromForm, scorePercent } from '$lib/quiz';
import { CONFIRM_UNANSWERED_FIELD } from '$lib/quiz/field';
import { findPublishedArticle } from '$lib/server/articles';
import { openAssignedQuiz } from '$lib/server/assigned-quiz';
import { authorize } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import {
	attemptResults,
	draftFormValues,
	findOwnAttempt,
	loadQuestions,
	planQuestions,
	publicAttemptQuestions,
	saveDraftAnswers,
	submitAttempt,
	type StoredQuestion
} from '$lib/server/quiz';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** What a question's id looks like (a slug, as the quiz schema requires). */
const QUESTION_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const CONFIRM_FIELD = CONFIRM_UNANSWERED_FIELD;

/** The attempt in the URL, for its owner only; anyone else gets a 404. */
async function ownAttempt(event: RequestEvent) {
	authorize(event, 'quiz.take');
	const { db } = database();
	const article = await findPublishedArticle(db, event.params.article);
	const user = event.locals.user;
	const attempt =
		article && user ? await findOwnAttempt(db, event.params.attempt, user.id) : undefined;
	if (!article || !attempt || attempt.articleId !== article.id) error(404, 'Not found');
	const inPlan = planQuestions(attempt.plan, await loadQuestions(db, article.id));
	return { db, article, attempt, inPlan, userId: user!.id };
}

export const load: PageServerLoad = async (event) => {
	const { db, article, attempt, inPlan, userId } = await ownAttempt(event);
	const assigned = attempt.assignmentId
		? await openAssignedQuiz(db, attempt.assignmentId, userId, article.id)
		: undefined;
	const scopeTitle = assigned
		? assigned.title
		: attempt.scope === 'article'
			? 'Whole article'
			: (article.sections.find((s) => s.id === attempt.scope)?.title ?? 'Module');
	const base = { attemptId: attempt.id, scopeTitle };
	if (!attempt.submittedAt) {
		const saved = await draftFormValues(db, attempt, inPlan);
		return {
			...base,
			submitted: false as const,
			questions: publicAttemptQuestions(attempt.plan, inPlan),
			saved: saved.values,
			savedCount: saved.count,
			justSaved: event.url.searchParams.has('saved')
		};
	}
	const sectionSlug = new Map(article.sections.map((s) => [s.slug, s.slug]));
	const results = (await attemptResults(db, attempt, inPlan)).map((r) => ({
		questionId: r.questionId,
		text: r.text,
		correct: r.correct,
		unanswered: r.response === null,
		responseText: r.responseText,
		answerText: r.answerText,
		explanation: r.explanation,
		evidence: sectionSlug.has(r.evidence.section)
			? {
					href: `/lessons/${article.slug}/${r.evidence.section}?evidence=${encodeURIComponent(r.questionId)}#evidence`,
					section: article.sections.find((s) => s.slug === r.evidence.section)!.title,
					quote: r.evidence.quote
				}
			: null
	}));
	const score = { points: attempt.score ?? 0, maxPoints: attempt.maxScore ?? 0 };
	const percent = scorePercent(score.points, score.maxPoints);
	return {
		...base,
		submitted: true as const,
		score,
		results,
		assignment: assigned
			? {
					id: assigned.assignment.id,
					title: assigned.title,
					className: assigned.className,
					classHref: `/classes/${assigned.assignment.classId}`,
					archived: assigned.archived,
					questions: assigned.drawn,
					pool: assigned.pool.length,
					requireQuiz: assigned.assignment.requireQuiz,
					passMark: assigned.assignment.passMark,
					attempts: assigned.allowance,
					openAttemptId: assigned.openAttemptId,
					best: assigned.best === null ? null : Math.floor(assigned.best),
					passed: assigned.best !== null && assigned.best >= assigned.assignment.passMark,
					verdict: quizVerdict(percent, assigned.assignment.passMark)
				}
			: null
	};
};

/**
 * The answers a quiz form sends, for the attempt's questions; `null` when a field could not be
 * any question's id (`__proto__`, `x y`): no answer a browser sends, so the form is refused
 * whole, before any name becomes a key anywhere.
 */
function formResponses(form: FormData, inPlan: StoredQuestion[]) {
	form.delete(CONFIRM_FIELD);
	const known = new Set(inPlan.map((q) => q.question.id));
	const questionOf = (key: string) => key.split('.')[0]!.slice(0, 100);
	const foreign = (key: string) =>
		!known.has(questionOf(key)) && !QUESTION_ID.test(questionOf(key));
	if ([...form.keys()].some(foreign)) return null;
	const responses = responsesFromForm(
		inPlan.map((q) => q.question),
		form
	);
	// A field for a question this attempt does not hold (`<questionId>` or
	// `<questionId>.<partId>`) is an answer to an unknown question: the grader refuses it.
	for (const key of new Set(form.keys())) {
		const id = questionOf(key);
		if (known.has(id) || Object.hasOwn(responses, id)) continue;
		Object.defineProperty(responses, id, {
			value: form.get(key),
			enumerable: true,
			configurable: true,
			writable: true
		});
	}
	return { responses, known, questionOf };
}

/** Echo back only the learner's own choices (this attempt's fields), so the form refills. */
function echoValues(form: FormData, known: Set<string>, questionOf: (key: string) => string) {
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

export const actions: Actions = {
	submit: async (event) => {
		const { db, article, attempt, inPlan } = await ownAttempt(event);
		const form = await event.request.formData();
		const confirmed = Number(form.get(CONFIRM_FIELD));
		const read = formResponses(form, inPlan);
		if (!read) return fail(400, { errors: { form: NOT_IN_ATTEMPT }, values: {}, unanswered: [] });
		const { responses, known, questionOf } = read;
		const result = await submitAttempt(db, attempt, inPlan, responses, new Date(), {
			confirmedUnanswered: Number.isInteger(confirmed) && confirmed > 0 ? confirmed : 0
		});
		if (!result.ok) {
			// Nothing is graded, but nothing is lost either: the usable answers are saved.
			if (!attempt.submittedAt) {
				const usable = Object.fromEntries(
					Object.entries(responses).filter(
						([id]) => !result.errors[id] || result.unanswered.includes(id)
					)
				);
				await saveDraftAnswers(db, attempt, inPlan, usable);
			}
			return fail(400, {
				errors: result.errors,
				values: echoValues(form, known, questionOf),
				unanswered: result.unanswered
			});
		}
		redirect(303, `/lessons/${article.slug}/quiz/${attempt.id}`);
	},

	/** Saves the answers so far (as the learner goes, or "Save and continue later"). */
	save: async (event) => {
		const { db, article, attempt, inPlan } = await ownAttempt(event);
		const here = `/lessons/${article.slug}/quiz/${attempt.id}`;
		// Submitted meanwhile (another tab, a late save): there is nothing to save; the results.
		if (attempt.submittedAt) redirect(303, here);
		const form = await event.request.formData();
		const read = formResponses(form, inPlan);
		if (!read) return fail(400, { errors: { form: NOT_IN_ATTEMPT }, values: {}, unanswered: [] });
		const { responses, known, questionOf } = read;
		const result = await saveDraftAnswers(db, attempt, inPlan, responses);
		if (!result.ok) {
			if (!('errors' in result)) redirect(303, here);
			return fail(400, {
				errors: result.errors,
				values: echoValues(form, known, questionOf),
				unanswered: []
			});
		}
		redirect(303, `${here}?saved`);
	}
};
