import { json } from '@sveltejs/kit';
import { articleResource } from '$lib/server/api';
import { listPublishedArticles } from '$lib/server/articles';
import { database } from '$lib/server/db';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	const articles = await listPublishedArticles(database().db);
	return json({ articles: articles.map((a) => articleResource(a, 0)) });
};
