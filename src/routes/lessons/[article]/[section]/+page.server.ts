import { error } from '@sveltejs/kit';
import { blocksText, excerpt } from '$lib/article/text';
import { findSectionBlocks } from '$lib/server/articles';
import { database } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, parent }) => {
	const { article } = await parent();
	const index = article.sections.findIndex((s) => s.slug === params.section);
	const section = article.sections[index];
	if (!section) error(404, 'Not found');
	const blocks = await findSectionBlocks(database().db, section.id);
	if (!blocks) error(404, 'Not found');
	const link = (s: (typeof article.sections)[number] | undefined) =>
		s && { slug: s.slug, title: s.title };
	return {
		section,
		blocks,
		position: index + 1,
		previous: link(article.sections[index - 1]),
		next: link(article.sections[index + 1]),
		description: excerpt(blocksText(blocks))
	};
};
