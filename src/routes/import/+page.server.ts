import { fail, redirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { mayEditArticle } from '$lib/access/article';
import { importArticleAudited, setArticleStatus } from '$lib/server/admin';
import { articleFromForm } from '$lib/server/article-upload';
import { listOwnedArticles } from '$lib/server/articles';
import { authorize } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import { articles } from '$lib/server/db/schema';
import { checkbox, parseForm, refused } from '$lib/server/forms';
import { previewImport } from '$lib/server/import-preview';
import { courseClaims } from '$lib/marks/course';
import { courseQuestions } from '$lib/suggest/course';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = authorize(event, 'article.import')!;
	const done = event.url.searchParams.get('imported');
	const owned = await listOwnedArticles(database().db, actor.id);
	return {
		owned,
		isAdmin: actor.role === 'admin',
		imported: owned.find((a) => a.slug === done) ?? null
	};
};

const publishForm = z.object({ everyone: checkbox });

export const actions: Actions = {
	/** Reads the article and shows what importing it would do; stores nothing. */
	preview: async (event) => {
		const actor = authorize(event, 'article.import')!;
		const input = await articleFromForm(await event.request.formData());
		if (!input.ok) return refused(input);
		const preview = await previewImport(
			database().db,
			actor,
			input.article,
			courseQuestions(input.article),
			courseClaims(input.article)
		);
		return { preview, text: input.text };
	},

	/** Imports the previewed text: a new article is the importer's, a draft until published. */
	publish: async (event) => {
		const actor = authorize(event, 'article.import')!;
		const form = await event.request.formData();
		const input = await articleFromForm(form);
		if (!input.ok) return refused(input);
		const options = parseForm(publishForm, form);
		if (!options.ok) return fail(400, { errors: options.errors });
		const { db } = database();
		const { article } = input;
		const existing = await db.query.articles.findFirst({
			columns: { ownerId: true, status: true },
			where: eq(articles.slug, article.slug)
		});
		if (existing && !mayEditArticle(actor, existing)) {
			const questions = courseQuestions(article);
			const preview = await previewImport(db, actor, article, questions, courseClaims(article));
			return fail(409, { preview, text: input.text, errors: { form: preview.refusal! } });
		}
		const result = await importArticleAudited(
			db,
			event.locals.user!,
			'import',
			article,
			courseQuestions(article),
			{ ownerId: actor.id }
		);
		if (options.data.everyone && actor.role === 'admin') {
			await setArticleStatus(db, event.locals.user!, result.articleId, 'published');
		}
		redirect(303, `/import?imported=${encodeURIComponent(result.slug)}`);
	}
};
