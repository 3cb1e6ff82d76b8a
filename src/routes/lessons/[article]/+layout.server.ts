import { error } from '@sveltejs/kit';
import { findReadableArticle } from '$lib/server/articles';
import { actorOf } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import { readSectionIds } from '$lib/server/progress';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ params, locals }) => {
	const { db } = database();
	const article = await findReadableArticle(db, actorOf(locals.user), params.article);
	if (!article) error(404, 'Not found');
	const read = locals.user ? [...(await readSectionIds(db, locals.user.id, article.id))] : [];
	return { article, read };
};
