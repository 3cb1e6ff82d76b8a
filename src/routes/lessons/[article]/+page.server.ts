import { excerpt, blocksText } from '$lib/article/text';
import { actorOf } from '$lib/server/auth/actor';
import { findSectionBlocks } from '$lib/server/articles';
import { discussionPath, findClassForArticle } from '$lib/server/class-context';
import { database } from '$lib/server/db';
import { findEditableArticle } from '$lib/server/question-bank';
import { provenanceBox } from '$lib/server/reader-marks';
import { attemptHistory, bestByScope, loadQuestions } from '$lib/server/quiz';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals }) => {
	const { article } = await parent();
	const { db } = database();
	const first = article.sections[0];
	const [blocks, questions, history, cls, editable, provenance] = await Promise.all([
		first ? findSectionBlocks(db, first.id) : undefined,
		loadQuestions(db, article.id),
		locals.user ? attemptHistory(db, locals.user.id, article.id) : [],
		locals.user ? findClassForArticle(db, locals.user.id, article.id) : undefined,
		locals.user ? findEditableArticle(db, actorOf(locals.user), article.slug) : undefined,
		provenanceBox(db, article)
	]);
	const firstPrompt = article.prompts[0];
	const best = bestByScope(history).get('article');
	return {
		description: excerpt(blocks ? blocksText(blocks) : article.title),
		questionCount: questions.length,
		bestArticleScore: best ? best.percent : null,
		mayEdit: editable !== undefined,
		provenance,
		// A student whose class has the article assigned discusses it with the class.
		classDiscussion:
			cls && firstPrompt
				? { name: cls.name, href: discussionPath(article.slug, firstPrompt.number, cls) }
				: null
	};
};
