import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { findPublishedArticle } from '$lib/server/articles';
import { authorize, ensureActor } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import {
	attemptHistory,
	bestByScope,
	loadQuestions,
	questionsInScope,
	startAttempt
} from '$lib/server/quiz';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'quiz.take');
	const { article } = await event.parent();
	const { db } = database();
	const all = await loadQuestions(db, article.id);
	const history = event.locals.user
		? await attemptHistory(db, event.locals.user.id, article.id)
		: [];
	const best = bestByScope(history);
	const titleOf = (scope: string) =>
		scope === 'article'
			? 'Whole article'
			: (article.sections.find((s) => s.id === scope)?.title ?? 'A module');
	const quizzes = [
		{ scope: 'article', title: 'Whole article', count: all.length },
		...article.sections.map((s) => ({
			scope: s.slug,
			title: s.title,
			count: questionsInScope(all, s.id).length
		}))
	]
		.filter((q) => q.count > 0)
		.map((q) => {
			const scopeId =
				q.scope === 'article' ? 'article' : article.sections.find((s) => s.slug === q.scope)!.id;
			const b = best.get(scopeId);
			return {
				...q,
				best: b ? { percent: b.percent, score: b.score, maxScore: b.maxScore } : null
			};
		});
	return {
		quizzes,
		history: history.slice(0, 20).map((h) => ({ ...h, title: titleOf(h.scope) })),
		preselected: event.url.searchParams.get('module')
	};
};

const startForm = z.object({
	scope: z.string({ error: 'Choose a quiz.' }).min(1, 'Choose a quiz.').max(200)
});

export const actions: Actions = {
	start: async (event) => {
		authorize(event, 'quiz.take');
		const parsed = parseForm(startForm, await event.request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		const { db } = database();
		const article = await findPublishedArticle(db, event.params.article);
		if (!article) error(404, 'Not found');
		const scope =
			parsed.data.scope === 'article'
				? 'article'
				: article.sections.find((s) => s.slug === parsed.data.scope)?.id;
		if (!scope)
			return fail(400, { errors: { scope: 'That quiz does not exist in this article.' } });
		const inScope = questionsInScope(await loadQuestions(db, article.id), scope);
		if (inScope.length === 0)
			return fail(400, { errors: { scope: 'That module has no questions yet.' } });
		const user = await ensureActor(event);
		const attemptId = await startAttempt(db, user.id, article.id, scope, inScope);
		redirect(303, `/lessons/${article.slug}/quiz/${attemptId}`);
	}
};
