import { error } from '@sveltejs/kit';
import { findPublishedArticle } from '$lib/server/articles';
import { database } from '$lib/server/db';
import { readSectionIds } from '$lib/server/progress';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ params, locals }) => {
	const { db } = database();
	const article = await findPublishedArticle(db, params.article);
	if (!article) error(404, 'Not found');
	const read = locals.user ? [...(await readSectionIds(db, locals.user.id, article.id))] : [];
	return { article, read };
};
