import { excerpt, blocksText } from '$lib/article/text';
import { findSectionBlocks } from '$lib/server/articles';
import { database } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent }) => {
	const { article } = await parent();
	const first = article.sections[0];
	const blocks = first ? await findSectionBlocks(database().db, first.id) : undefined;
	return { description: excerpt(blocks ? blocksText(blocks) : article.title) };
};
