// What a person hears back: replies to their posts, and their posts that are hidden now, each
// with a link to where it lives.
import { and, count, desc, eq, gt, isNull, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { DELETED_AUTHOR_NAME, postExcerpt, type HiddenPost, type NewReply } from '../../discussion';
import type { Executor } from '../db/client';
import { articles, classes, posts, prompts, threads, users } from '../db/schema';
import { classIdOfScope } from './threads';

/** Where a post lives: its public thread's permalink, or its class (class pages link onward). */
export function postPath(
	post: { id: string },
	thread: { scope: string; articleSlug: string; promptNumber: number }
): string {
	const classId = classIdOfScope(thread.scope);
	if (classId) return `/classes/${encodeURIComponent(classId)}`;
	return `/lessons/${thread.articleSlug}/discuss/${thread.promptNumber}/post/${post.id}`;
}

/** A post's permalink in its own thread: the public one, or its class's thread. */
export function postPermalink(
	post: { id: string },
	thread: { scope: string; articleSlug: string; promptNumber: number }
): string {
	const classId = classIdOfScope(thread.scope);
	const threadPath = classId
		? `/classes/${encodeURIComponent(classId)}/discuss/${thread.articleSlug}/${thread.promptNumber}`
		: `/lessons/${thread.articleSlug}/discuss/${thread.promptNumber}`;
	return `${threadPath}/post/${post.id}`;
}

/** Where a post lives, with `threads`, `prompts` and `articles` joined: for links to it. */
const placeColumns = {
	scope: threads.scope,
	promptNumber: prompts.number,
	articleSlug: articles.slug,
	articleTitle: articles.title
};

/**
 * The person's posts that are hidden now, newest first: how many, and the newest `limit`.
 * Posts keep no "hidden at" time, so this lists what is hidden now rather than what was hidden
 * since a visit: a restored post drops off, and a hidden one stays until it is restored or
 * deleted. Walks the person's own posts by `posts_author`, never every hidden post.
 */
export async function hiddenPostsOf(
	db: Executor,
	userId: string,
	limit = 10
): Promise<{ count: number; posts: HiddenPost[] }> {
	// Unary `+` keeps SQLite on `posts_author` (the person's posts), not `posts_status`.
	const conditions = and(eq(posts.authorId, userId), sql`+${posts.status} = 'hidden'`);
	const [total] = await db.select({ n: count() }).from(posts).where(conditions);
	const n = total?.n ?? 0;
	if (n === 0 || limit === 0) return { count: n, posts: [] };
	const rows = await db
		.select({
			id: posts.id,
			createdAt: posts.createdAt,
			hiddenBy: posts.hiddenBy,
			reason: posts.hiddenReason,
			body: posts.body,
			...placeColumns,
			className: classes.name
		})
		.from(posts)
		.innerJoin(threads, eq(threads.id, posts.threadId))
		.innerJoin(prompts, eq(prompts.id, threads.promptId))
		.innerJoin(articles, eq(articles.id, threads.articleId))
		.leftJoin(classes, eq(classes.id, threads.classId))
		.where(conditions)
		.orderBy(desc(posts.createdAt))
		.limit(limit);
	return {
		count: n,
		posts: rows.map((r) => ({
			id: r.id,
			createdAt: r.createdAt,
			hiddenBy: r.hiddenBy === 'reports' ? 'reports' : 'moderator',
			reason: r.hiddenBy === 'reports' ? null : r.reason,
			excerpt: postExcerpt(r.body, 140),
			promptNumber: r.promptNumber,
			articleTitle: r.articleTitle,
			className: r.className,
			path: postPermalink(r, r)
		}))
	};
}

/**
 * Visible replies by others to `userId`'s posts since `since` (all of them when `null`):
 * how many, and the newest `limit` with links (none for `limit` 0). Walks the person's posts,
 * then the replies to each by index.
 */
export async function newRepliesTo(
	db: Executor,
	userId: string,
	since: Date | null,
	limit = 20
): Promise<{ count: number; replies: NewReply[] }> {
	const mine = alias(posts, 'mine');
	const conditions = and(
		eq(mine.authorId, userId),
		// Unary `+` keeps SQLite from starting at every visible post (the status index): the
		// walk must start at the person's own posts and follow `posts_reply_to` from each.
		sql`+${posts.status} = 'visible'`,
		or(isNull(posts.authorId), ne(posts.authorId, userId)),
		since ? gt(posts.createdAt, since) : undefined
	);
	const [total] = await db
		.select({ n: count() })
		.from(mine)
		.innerJoin(posts, eq(posts.replyToPostId, mine.id))
		.where(conditions);
	const n = total?.n ?? 0;
	if (n === 0 || limit === 0) return { count: n, replies: [] };
	const rows = await db
		.select({
			id: posts.id,
			authorId: posts.authorId,
			authorName: users.displayName,
			createdAt: posts.createdAt,
			body: posts.body,
			...placeColumns
		})
		.from(mine)
		.innerJoin(posts, eq(posts.replyToPostId, mine.id))
		.innerJoin(threads, eq(threads.id, posts.threadId))
		.innerJoin(prompts, eq(prompts.id, threads.promptId))
		.innerJoin(articles, eq(articles.id, threads.articleId))
		.leftJoin(users, eq(users.id, posts.authorId))
		.where(conditions)
		.orderBy(desc(posts.createdAt))
		.limit(limit);
	return {
		count: n,
		replies: rows.map((r) => ({
			id: r.id,
			authorName: (r.authorId && r.authorName) || DELETED_AUTHOR_NAME,
			createdAt: r.createdAt,
			excerpt: postExcerpt(r.body, 140),
			promptNumber: r.promptNumber,
			articleTitle: r.articleTitle,
			path: postPath(r, r)
		}))
	};
}

/** How many replies to the person's posts arrived since they last looked. */
export async function countNewReplies(db: Executor, userId: string): Promise<number> {
	return (await newRepliesTo(db, userId, await repliesSeenAt(db, userId), 0)).count;
}

/** When the person last looked at replies to their posts. */
export async function repliesSeenAt(db: Executor, userId: string): Promise<Date | null> {
	const [row] = await db
		.select({ at: users.repliesSeenAt })
		.from(users)
		.where(eq(users.id, userId));
	return row?.at ?? null;
}

export async function markRepliesSeen(db: Executor, userId: string, now: Date = new Date()) {
	await db.update(users).set({ repliesSeenAt: now }).where(eq(users.id, userId));
}
