import { readingProgress } from '$lib/article/modules';
import { listPublishedArticles } from '$lib/server/articles';
import { database } from '$lib/server/db';
import { countNewReplies, hiddenPostsOf } from '$lib/server/discussion';
import { allReadSectionIds } from '$lib/server/progress';
import { dueReviewCount } from '$lib/server/quiz';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { db } = database();
	const [articles, read, due] = await Promise.all([
		listPublishedArticles(db),
		locals.user ? allReadSectionIds(db, locals.user.id) : Promise.resolve(new Set<string>()),
		locals.user ? dueReviewCount(db, locals.user.id) : Promise.resolve(0)
	]);
	const account = locals.user && !locals.user.isGuest ? locals.user : null;
	const newReplies = account ? await countNewReplies(db, account.id) : 0;
	// The person's posts that are hidden now, and why: the newest three here, all on /account.
	const hidden = account ? await hiddenPostsOf(db, account.id, 3) : { count: 0, posts: [] };
	return {
		due,
		newReplies,
		hidden,
		deleted: url.searchParams.has('deleted'),
		articles: articles.map((a) => {
			const { next, ...progress } = readingProgress(a.sections, read);
			return {
				slug: a.slug,
				title: a.title,
				modules: progress.total,
				read: progress.read,
				continueAt: next ? { slug: next.slug, title: next.title } : null,
				minutes: progress.minutes,
				prompts: a.prompts.length
			};
		})
	};
};
