// The public scope: one thread per prompt of a published article, read by anyone the access
// table lets read, moderated by the site's moderators.
import { error } from '@sveltejs/kit';
import { actorOf, authorize } from '../auth/actor';
import type { ArticleSummary } from '../articles';
import { readerView } from '../reader-view';
import { database } from '../db';
import type { ThreadRequest, ThreadScopeKind } from './scope';
import { PUBLIC_SCOPE, getOrCreateThread } from './threads';

/** A prompt's number as thread URLs write it. */
export const PROMPT_NUMBER = /^[1-9]\d{0,5}$/;

/** The published article a URL names (the layout's, when a page loads), or a 404. */
async function articleOf(event: ThreadRequest): Promise<ArticleSummary> {
	if (event.parent) {
		return ((await event.parent()) as { article: ArticleSummary }).article;
	}
	// The reader's view of the article (one statement, kept for the request: the hook that keeps
	// thread pages has already asked for it).
	const view = await readerView(
		event.request,
		database().db,
		actorOf(event.locals.user),
		event.params.article ?? ''
	);
	if (!view) error(404, 'Not found');
	return view.content.article;
}

export const publicThread: ThreadScopeKind = {
	async open(event) {
		authorize(event, 'thread.read');
		const article = await articleOf(event);
		const n = event.params.n ?? '';
		const number = PROMPT_NUMBER.test(n) ? Number(n) : Number.NaN;
		const prompt = article.prompts.find((p) => p.number === number);
		if (!prompt) error(404, 'Not found');
		const thread = await getOrCreateThread(database().db, {
			articleId: article.id,
			promptId: prompt.id,
			scope: PUBLIC_SCOPE
		});
		return {
			actor: actorOf(event.locals.user),
			thread,
			prompt,
			promptCount: article.prompts.length,
			path: `/lessons/${article.slug}/discuss/${prompt.number}`,
			moderation: { action: 'moderation.actPublic', relation: {}, denyStatus: 403 },
			page: {}
		};
	},
	// Only a site-wide suspension counts here (a class's stays in its class).
	async suspensions(event) {
		return { suspendedUntil: event.locals.user?.suspendedUntil ?? null, classSuspendedUntil: null };
	},
	offersSignIn: true,
	notices: {
		held: 'Thank you! New accounts’ first posts wait for a moderator’s approval: until then only you and the moderators can see it.',
		reported: 'Thank you: a moderator will look at your report.',
		hidden:
			'Thank you. Several people reported this post, so it is hidden until a moderator reviews it.',
		locked: 'The discussion is locked: only moderators can post.'
	}
};
