import { error } from '@sveltejs/kit';
import { findPublishedArticle } from '$lib/server/articles';
import { database } from '$lib/server/db';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ params }) => {
	const article = await findPublishedArticle(database().db, params.article);
	if (!article) error(404, 'Not found');
	return { article };
};
