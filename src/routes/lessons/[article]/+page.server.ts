import { excerpt, blocksText } from '$lib/article/text';
import { findSectionBlocks } from '$lib/server/articles';
import { database } from '$lib/server/db';
import { attemptHistory, bestByScope, loadQuestions } from '$lib/server/quiz';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals }) => {
	const { article } = await parent();
	const { db } = database();
	const first = article.sections[0];
	const [blocks, questions, history] = await Promise.all([
		first ? findSectionBlocks(db, first.id) : undefined,
		loadQuestions(db, article.id),
		locals.user ? attemptHistory(db, locals.user.id, article.id) : []
	]);
	const best = bestByScope(history).get('article');
	return {
		description: excerpt(blocks ? blocksText(blocks) : article.title),
		questionCount: questions.length,
		bestArticleScore: best ? best.percent : null
	};
};
