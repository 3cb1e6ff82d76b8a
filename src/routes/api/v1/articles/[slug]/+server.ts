import { json } from '@sveltejs/kit';
import { articleResource } from '$lib/server/api';
import { findPublishedArticle } from '$lib/server/articles';
import { database } from '$lib/server/db';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const article = await findPublishedArticle(database().db, params.slug);
	if (!article) return json({ error: 'No published article has this slug.' }, { status: 404 });
	return json(articleResource(article, 0));
};
