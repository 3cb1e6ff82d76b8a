import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { findReadableArticle } from '$lib/server/articles';
import {
	assignedQuizSummary,
	beginAssignedQuiz,
	openAssignedQuiz
} from '$lib/server/assigned-quiz';
import { authorize, ensureActor, actorOf } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import { parseForm, refused } from '$lib/server/forms';
import {
	attemptHistory,
	bestByScope,
	loadQuestions,
	questionsInScope,
	resumableAttempts,
	startAttempt
} from '$lib/server/quiz';
import type { Actions, PageServerLoad } from './$types';

const assignmentId = z.uuid();

export const load: PageServerLoad = async (event) => {
	authorize(event, 'quiz.take');
	const { article } = await event.parent();
	const { db } = database();
	const requested = event.url.searchParams.get('assignment');
	if (requested !== null) {
		// A class's assigned quiz: for the class's students only; anyone else finds nothing.
		const user = event.locals.user;
		const id = assignmentId.safeParse(requested);
		const quiz =
			user && id.success ? await openAssignedQuiz(db, id.data, user.id, article.id) : undefined;
		if (!quiz) error(404, 'Not found');
		return { assigned: assignedQuizSummary(quiz), quizzes: [], history: [], preselected: null };
	}
	const all = await loadQuestions(db, article.id);
	const user = event.locals.user;
	const [history, open] = user
		? await Promise.all([
				attemptHistory(db, user.id, article.id),
				resumableAttempts(db, user.id, article.id)
			])
		: [[], new Map<string, { id: string; saved: number }>()];
	const best = bestByScope(history);
	const titleOf = (scope: string) =>
		scope === 'article'
			? 'Whole article'
			: scope.startsWith('assignment:')
				? 'Assigned quiz'
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
				best: b ? { percent: b.percent, score: b.score, maxScore: b.maxScore } : null,
				saved: open.get(scopeId)?.saved ?? null
			};
		});
	return {
		assigned: null,
		quizzes,
		history: history.slice(0, 20).map((h) => ({ ...h, title: titleOf(h.scope) })),
		preselected: event.url.searchParams.get('module')
	};
};

const startForm = z.object({
	scope: z.string({ error: 'Choose a quiz.' }).min(1, 'Choose a quiz.').max(200)
});
const assignedForm = z.object({
	assignment: z.uuid({ error: 'That assignment does not exist.' })
});

export const actions: Actions = {
	start: async (event) => {
		authorize(event, 'quiz.take');
		const form = await event.request.formData();
		const { db } = database();
		const article = await findReadableArticle(db, actorOf(event.locals.user), event.params.article);
		if (!article) error(404, 'Not found');
		if (form.has('assignment')) {
			// Starts, or continues, the attempt for an assignment: only its class's students may.
			const parsed = parseForm(assignedForm, form);
			const user = event.locals.user;
			const quiz =
				parsed.ok && user
					? await openAssignedQuiz(db, parsed.data.assignment, user.id, article.id)
					: undefined;
			if (!quiz) {
				return fail(404, { errors: { assignment: 'That assignment is not one of yours.' } });
			}
			const started = await beginAssignedQuiz(db, quiz, user!.id);
			if (!started.ok) return refused(started);
			redirect(303, `/lessons/${article.slug}/quiz/${started.attemptId}`);
		}
		const parsed = parseForm(startForm, form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
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
		// An attempt left with saved answers is continued, not replaced.
		const open = (await resumableAttempts(db, user.id, article.id)).get(scope);
		const attemptId = open?.id ?? (await startAttempt(db, user.id, article.id, scope, inScope));
		redirect(303, `/lessons/${article.slug}/quiz/${attemptId}`);
	}
};
