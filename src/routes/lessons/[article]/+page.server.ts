import { error } from '@sveltejs/kit';
import { mayEditArticle } from '$lib/access/article';
import { excerpt, blocksText } from '$lib/article/text';
import { actorOf } from '$lib/server/auth/actor';
import { discussionPath } from '$lib/server/class-context';
import { database } from '$lib/server/db';
import { readerView } from '$lib/server/reader-view';
import { attemptHistory, bestByScope } from '$lib/server/quiz';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, request }) => {
	const { db } = database();
	const viewer = actorOf(locals.user);
	const view = await readerView(request, db, viewer, params.article);
	if (!view) error(404, 'Not found');
	const { article } = view.content;
	const history = locals.user ? await attemptHistory(db, locals.user.id, article.id) : [];
	const first = article.sections[0];
	const blocks = first && view.content.blocks(first.id);
	const firstPrompt = article.prompts[0];
	const best = bestByScope(history).get('article');
	return {
		description: excerpt(blocks ? blocksText(blocks) : article.title),
		questionCount: [...view.quizCounts.values()].reduce((sum, n) => sum + n, 0),
		bestArticleScore: best ? best.percent : null,
		mayEdit: mayEditArticle(viewer, view.facts),
		provenance: view.content.provenance(),
		// A student whose class has the article assigned discusses it with the class.
		classDiscussion:
			view.cls && firstPrompt
				? { name: view.cls.name, href: discussionPath(article.slug, firstPrompt.number, view.cls) }
				: null
	};
};
