import { error, fail, redirect } from '@sveltejs/kit';
import { quizVerdict } from '$lib/classroom';
import { NOT_IN_ATTEMPT, scorePercent } from '$lib/quiz';
import { readAttemptForm } from '$lib/quiz/attempt-form';
import { findReadableArticle } from '$lib/server/articles';
import { assignedQuizSummary, openAssignedQuiz } from '$lib/server/assigned-quiz';
import { authorize, actorOf } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import {
	attemptQuestions,
	attemptResults,
	draftFormValues,
	findOwnAttempt,
	publicAttemptQuestions,
	saveDraftAnswers,
	submitAttempt,
	type StoredQuestion
} from '$lib/server/quiz';
import { noteProgress } from '$lib/server/lti/outbox';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const questionsOf = (inPlan: StoredQuestion[]) => inPlan.map((q) => q.question);

/** The attempt in the URL, for its owner only; anyone else gets a 404. */
async function ownAttempt(event: RequestEvent) {
	authorize(event, 'quiz.take');
	const { db } = database();
	const article = await findReadableArticle(db, actorOf(event.locals.user), event.params.article);
	const user = event.locals.user;
	const attempt =
		article && user ? await findOwnAttempt(db, event.params.attempt, user.id) : undefined;
	if (!article || !attempt || attempt.articleId !== article.id) error(404, 'Not found');
	// Each question as the attempt asked it (the version its plan names), whatever was edited since.
	const inPlan = await attemptQuestions(db, attempt);
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
		/** The version answered, when the question has been edited since (else null). */
		answeredVersion: r.version === r.currentVersion ? null : r.version,
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
					...assignedQuizSummary(assigned),
					verdict: quizVerdict(percent, assigned.assignment.passMark)
				}
			: null
	};
};

export const actions: Actions = {
	submit: async (event) => {
		const { db, article, attempt, inPlan, userId } = await ownAttempt(event);
		const read = readAttemptForm(await event.request.formData(), questionsOf(inPlan));
		if (!read) return fail(400, { errors: { form: NOT_IN_ATTEMPT }, values: {}, unanswered: [] });
		const { responses, values, confirmedUnanswered } = read;
		const result = await submitAttempt(db, attempt, inPlan, responses, new Date(), {
			confirmedUnanswered
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
			return fail(400, { errors: result.errors, values, unanswered: result.unanswered });
		}
		await noteProgress(db, userId, article.id);
		redirect(303, `/lessons/${article.slug}/quiz/${attempt.id}`);
	},

	/** Saves the answers so far (as the learner goes, or "Save and continue later"). */
	save: async (event) => {
		const { db, article, attempt, inPlan } = await ownAttempt(event);
		const here = `/lessons/${article.slug}/quiz/${attempt.id}`;
		// Submitted meanwhile (another tab, a late save): there is nothing to save; the results.
		if (attempt.submittedAt) redirect(303, here);
		const read = readAttemptForm(await event.request.formData(), questionsOf(inPlan));
		if (!read) return fail(400, { errors: { form: NOT_IN_ATTEMPT }, values: {}, unanswered: [] });
		const result = await saveDraftAnswers(db, attempt, inPlan, read.responses);
		if (!result.ok) {
			if (!('errors' in result)) redirect(303, here);
			return fail(400, { errors: result.errors, values: read.values, unanswered: [] });
		}
		redirect(303, `${here}?saved`);
	}
};
