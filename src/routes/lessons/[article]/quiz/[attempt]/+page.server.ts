import { error, fail, redirect } from '@sveltejs/kit';
import { responsesFromForm } from '$lib/quiz';
import { findPublishedArticle } from '$lib/server/articles';
import { authorize } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import {
	attemptResults,
	findOwnAttempt,
	loadQuestions,
	planQuestions,
	publicAttemptQuestions,
	submitAttempt
} from '$lib/server/quiz';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

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
		const responses = responsesFromForm(
			inPlan.map((q) => q.question),
			form
		);
		// A field for a question this attempt does not hold (`<questionId>` or
		// `<questionId>.<partId>`) is an answer to an unknown question: the grader refuses it.
		const known = new Set(inPlan.map((q) => q.question.id));
		for (const key of new Set(form.keys())) {
			const id = key.split('.')[0]!.slice(0, 100);
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
			// Echo back only the learner's own choices, so the form refills where it was.
			const values: Record<string, string | string[]> = {};
			for (const key of new Set(form.keys())) {
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
