import { listPublishedArticles } from '$lib/server/articles';
import { database } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const articles = await listPublishedArticles(database().db);
	return {
		articles: articles.map((a) => ({
			slug: a.slug,
			title: a.title,
			modules: a.sections.length,
			minutes: a.sections.reduce((sum, s) => sum + s.minutes, 0),
			prompts: a.prompts.length
		}))
	};
};
