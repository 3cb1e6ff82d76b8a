import { json } from '@sveltejs/kit';
import { articleResource } from '$lib/server/api';
import { findPublishedArticle } from '$lib/server/articles';
import { database } from '$lib/server/db';
import { questionCounts } from '$lib/server/quiz';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const { db } = database();
	const article = await findPublishedArticle(db, params.slug);
	if (!article) return json({ error: 'No published article has this slug.' }, { status: 404 });
	const counts = await questionCounts(db);
	return json(articleResource(article, counts.get(article.id) ?? 0));
};
