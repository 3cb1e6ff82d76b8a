import { error, fail, redirect } from '@sveltejs/kit';
import { responsesFromForm } from '$lib/quiz';
import { findPublishedArticle } from '$lib/server/articles';
import { authorize } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import {
	attemptResults,
	findOwnAttempt,
	NOT_IN_ATTEMPT,
	loadQuestions,
	planQuestions,
	publicAttemptQuestions,
	submitAttempt
} from '$lib/server/quiz';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** What a question's id looks like (a slug, as the quiz schema requires). */
const QUESTION_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

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
	return { db, article, attempt, inPlan };
}

export const load: PageServerLoad = async (event) => {
	const { db, article, attempt, inPlan } = await ownAttempt(event);
	const scopeTitle =
		attempt.scope === 'article'
			? 'Whole article'
			: (article.sections.find((s) => s.id === attempt.scope)?.title ?? 'Module');
	const base = { attemptId: attempt.id, scopeTitle };
	if (!attempt.submittedAt) {
		return {
			...base,
			submitted: false as const,
			questions: publicAttemptQuestions(attempt.plan, inPlan)
		};
	}
	const sectionSlug = new Map(article.sections.map((s) => [s.slug, s.slug]));
	const results = (await attemptResults(db, attempt, inPlan)).map((r) => ({
		questionId: r.questionId,
		text: r.text,
		correct: r.correct,
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
	return {
		...base,
		submitted: true as const,
		score: { points: attempt.score ?? 0, maxPoints: attempt.maxScore ?? 0 },
		results
	};
};

export const actions: Actions = {
	submit: async (event) => {
		const { db, article, attempt, inPlan } = await ownAttempt(event);
		const form = await event.request.formData();
		const known = new Set(inPlan.map((q) => q.question.id));
		const questionOf = (key: string) => key.split('.')[0]!.slice(0, 100);
		// A field name that could not be any question's id (`__proto__`, `x y`) is no answer a
		// browser sends: the form is refused whole, before any name becomes a key anywhere.
		const foreign = (key: string) =>
			!known.has(questionOf(key)) && !QUESTION_ID.test(questionOf(key));
		if ([...form.keys()].some(foreign)) {
			return fail(400, { errors: { form: NOT_IN_ATTEMPT }, values: {} });
		}
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
		const result = await submitAttempt(db, attempt, inPlan, responses);
		if (!result.ok) {
			// Echo back only the learner's own choices (fields of this attempt's questions), so
			// the form refills where it was.
			const values: Record<string, string | string[]> = Object.create(null);
			for (const key of new Set(form.keys())) {
				if (!known.has(questionOf(key))) continue;
				const all = form
					.getAll(key)
					.filter((v): v is string => typeof v === 'string')
					.map((v) => v.slice(0, 500));
				values[key.slice(0, 200)] = all.length > 1 ? all : (all[0] ?? '');
			}
			return fail(400, { errors: result.errors, values });
		}
		redirect(303, `/lessons/${article.slug}/quiz/${attempt.id}`);
	}
};
