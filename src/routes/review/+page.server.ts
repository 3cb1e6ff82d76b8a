import { fail } from '@sveltejs/kit';
import { gradeAnswer, responsesFromForm, toPublicQuestion } from '$lib/quiz';
import { authorize } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import {
	answerReview,
	evidencePlace,
	dueReviewCount,
	findReview,
	nextDueReview,
	reviewOptionSeed
} from '$lib/server/quiz';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'review.use');
	const user = event.locals.user;
	if (!user) return { due: 0, current: null };
	const { db } = database();
	const [due, next] = await Promise.all([dueReviewCount(db, user.id), nextDueReview(db, user.id)]);
	return {
		due,
		current: next
			? {
					articleId: next.articleId,
					question: toPublicQuestion(next.question, reviewOptionSeed(user.id, next))
				}
			: null
	};
};

export const actions: Actions = {
	answer: async (event) => {
		authorize(event, 'review.use');
		const user = event.locals.user;
		const form = await event.request.formData();
		const articleId = String(form.get('article') ?? '').slice(0, 100);
		const questionId = String(form.get('question') ?? '').slice(0, 200);
		const { db } = database();
		const review = user ? await findReview(db, user.id, articleId, questionId) : undefined;
		if (!user || !review)
			return fail(400, { errors: { form: 'That review question is no longer in your queue.' } });
		const response = responsesFromForm([review.question], form)[review.question.id];
		const graded = gradeAnswer(review.question, response);
		if (!graded.ok) return fail(400, { errors: { [review.question.id]: graded.error } });
		await answerReview(db, user.id, review, graded.result.correct);
		const place = await evidencePlace(db, review.articleId, review.question.evidence.section);
		return {
			feedback: {
				text: review.question.text,
				correct: graded.result.correct,
				responseText: graded.result.responseText,
				answerText: graded.result.answerText,
				explanation: graded.result.explanation,
				quote: review.question.evidence.quote,
				href: place
					? `/lessons/${place.article}/${place.section}?evidence=${encodeURIComponent(review.question.id)}#evidence`
					: null,
				section: place?.title ?? null
			}
		};
	}
};
