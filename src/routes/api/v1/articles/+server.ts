import { json } from '@sveltejs/kit';
import { articleResource } from '$lib/server/api';
import { listPublishedArticles } from '$lib/server/articles';
import { database } from '$lib/server/db';
import { questionCounts } from '$lib/server/quiz';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	const { db } = database();
	const [articles, counts] = await Promise.all([listPublishedArticles(db), questionCounts(db)]);
	return json({ articles: articles.map((a) => articleResource(a, counts.get(a.id) ?? 0)) });
};
