// What the public thread page and its permalinks share: finding the thread a URL names, and
// the address a post lives at.
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { postAnchor, threadPageQuerySchema, type SortOrder } from '$lib/discussion';
import { findPublishedArticle, type ArticleSummary } from '$lib/server/articles';
import { database } from '$lib/server/db';
import { PUBLIC_SCOPE, getOrCreateThread, locatePost } from '$lib/server/discussion';

const PROMPT_NUMBER = /^[1-9]\d{0,5}$/;

/** The published article a URL names, or a 404. */
export async function articleFromUrl(slug: string): Promise<ArticleSummary> {
	const article = await findPublishedArticle(database().db, slug);
	if (!article) error(404, 'Not found');
	return article;
}

/** The public thread of prompt `n` (as the URL spells it), created on first use; else a 404. */
export async function openPublicThread(article: ArticleSummary, n: string) {
	const number = PROMPT_NUMBER.test(n) ? Number(n) : Number.NaN;
	const prompt = article.prompts.find((p) => p.number === number);
	if (!prompt) error(404, 'Not found');
	const thread = await getOrCreateThread(database().db, {
		articleId: article.id,
		promptId: prompt.id,
		scope: PUBLIC_SCOPE
	});
	return { prompt, thread, path: `/lessons/${article.slug}/discuss/${prompt.number}` };
}

/** `?page=&sort=` of a thread page (anything unreadable falls back to page 1, oldest first). */
export function pageQuery(url: URL) {
	return threadPageQuerySchema.parse({
		page: url.searchParams.get('page') ?? undefined,
		sort: url.searchParams.get('sort') ?? undefined
	});
}

/** Messages shown once after a form went through (`?notice=`). */
export const notices = {
	posted: 'Your response is posted.',
	held: 'Thank you! New accounts’ first posts wait for a moderator’s approval: until then only you and the moderators can see it.',
	replied: 'Your reply is posted.',
	edited: 'Your changes are saved.',
	deleted: 'Your post is deleted. Replies to it stay in the discussion.',
	reported: 'Thank you: a moderator will look at your report.',
	hidden:
		'Thank you. Several people reported this post, so it is hidden until a moderator reviews it.',
	locked: 'The discussion is locked: only moderators can post.',
	unlocked: 'The discussion is open again.',
	moderated: 'The post is hidden. Its author sees your reason.',
	restored: 'The post is visible again.'
} as const;
export type Notice = keyof typeof notices;

const noticeSchema = z
	.enum(Object.keys(notices) as [Notice, ...Notice[]])
	.optional()
	.catch(undefined);

export function readNotice(url: URL): string | null {
	const key = noticeSchema.parse(url.searchParams.get('notice') ?? undefined);
	return key ? notices[key] : null;
}

/** A thread page address: a page in an order, optionally a notice and a post to scroll to. */
export function threadLocation(
	path: string,
	{
		page,
		sort,
		notice,
		postId
	}: { page: number; sort: SortOrder; notice?: Notice; postId?: string }
): string {
	const query = new URLSearchParams({ page: String(page), sort });
	if (notice) query.set('notice', notice);
	return `${path}?${query}${postId ? `#${postAnchor(postId)}` : ''}`;
}

/** Where a post is shown under `sort`, or `null` when it is not in this thread. */
export async function postLocation(
	threadId: string,
	path: string,
	postId: string,
	sort: SortOrder,
	notice?: Notice
): Promise<string | null> {
	const at = await locatePost(database().db, threadId, postId, sort);
	return at && threadLocation(path, { page: at.page, sort, notice, postId: at.postId });
}
