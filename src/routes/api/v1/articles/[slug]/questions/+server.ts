import { json } from '@sveltejs/kit';
import { bankQuestionResource, openEditableArticle } from '$lib/server/api';
import { database } from '$lib/server/db';
import { listArticleQuestions } from '$lib/server/question-bank';
import type { RequestHandler } from './$types';

/**
 * An article's question bank, every status (suggested, published, archived), for whoever may
 * edit the article: signed in, or with a personal API token sent as `Authorization: Bearer
 * <token>`. A bad token gets a 401; anyone else the same 404 as an article that does not exist.
 */
export const GET: RequestHandler = async (event) => {
	const { db } = database();
	const article = await openEditableArticle(db, event);
	if (article instanceof Response) return article;
	const bank = await listArticleQuestions(db, article.id);
	return json(
		{ questions: bank.map(bankQuestionResource) },
		{ headers: { 'Cache-Control': 'private, no-store' } }
	);
};
