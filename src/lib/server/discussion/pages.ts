// Reading a thread: one page of it as a viewer sees it, and the page a post is on.
import { and, asc, count, desc, eq, inArray, lt, ne, or, sql } from 'drizzle-orm';
import {
	DELETED_AUTHOR_NAME,
	PAGE_SIZE,
	TOP_LEVEL_DEPTH,
	canEdit,
	canReplyTo,
	canSeeOthersPosts,
	clampPage,
	editableUntil,
	pageBounds,
	permalinkPage,
	threadView,
	type Post,
	type PagePost,
	type PostView,
	type SortOrder,
	type ThreadNode,
	type ThreadPage,
	type Viewer
} from '../../discussion';
import { preparedPer, type Executor } from '../db/client';
import { posts, reports, users } from '../db/schema';
import type { SharedPage, ThreadPageCache } from './thread-cache';
import type { Thread } from './threads';

const postColumns = {
	id: posts.id,
	threadId: posts.threadId,
	parentId: posts.parentId,
	rootId: posts.rootId,
	depth: posts.depth,
	authorId: posts.authorId,
	authorName: users.displayName,
	body: posts.body,
	bodyHtml: posts.html,
	status: posts.status,
	hiddenBy: posts.hiddenBy,
	hiddenReason: posts.hiddenReason,
	replyToPostId: posts.replyToPostId,
	createdAt: posts.createdAt,
	editedAt: posts.editedAt
};
/** Posts with their authors' current names, by a condition on `posts`. */
function selectPosts(db: Executor, where: ReturnType<typeof eq>) {
	return db
		.select(postColumns)
		.from(posts)
		.leftJoin(users, eq(users.id, posts.authorId))
		.where(where);
}
type PostRow = Awaited<ReturnType<typeof selectPosts>>[number];

/** Rows as the pure module reads them; "replying to" is derived from the post answered. */
function toPosts(rows: readonly PostRow[]): Post[] {
	const byId = new Map(rows.map((r) => [r.id, r]));
	return rows.map((r) => {
		let quotedAuthor: string | null = null;
		if (r.replyToPostId && r.replyToPostId !== r.parentId) {
			const answered = byId.get(r.replyToPostId);
			quotedAuthor =
				answered && answered.status !== 'deleted' && answered.authorName
					? answered.authorName
					: DELETED_AUTHOR_NAME;
		}
		return {
			id: r.id,
			parentId: r.parentId,
			depth: r.depth,
			authorId: r.authorId,
			authorName: r.authorId ? r.authorName : null,
			bodyHtml: r.bodyHtml,
			status: r.status,
			hiddenBy: r.hiddenBy,
			hiddenReason: r.hiddenReason,
			replyToPostId: r.replyToPostId,
			quotedAuthor,
			createdAt: r.createdAt,
			editedAt: r.editedAt
		};
	});
}

/** Whether `userId` has a post in the thread that is not deleted (held ones count). */
export async function hasPostedIn(db: Executor, threadId: string, userId: string | null) {
	if (!userId) return false;
	const [row] = await db
		.select({ id: posts.id })
		.from(posts)
		.where(
			and(eq(posts.authorId, userId), eq(posts.threadId, threadId), ne(posts.status, 'deleted'))
		)
		.limit(1);
	return row !== undefined;
}

/** Ids of top-level posts in chronological order (or its reverse): the covering index alone. */
function topLevelIds(
	db: Executor,
	threadId: string,
	sort: SortOrder,
	offset: number,
	limit: number
) {
	const direction = sort === 'newest' ? desc : asc;
	return db
		.select({ id: posts.id })
		.from(posts)
		.where(and(eq(posts.threadId, threadId), eq(posts.depth, TOP_LEVEL_DEPTH)))
		.orderBy(direction(posts.createdAt), direction(posts.id))
		.limit(limit)
		.offset(offset);
}

async function topLevelCount(db: Executor, threadId: string): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(posts)
		.where(and(eq(posts.threadId, threadId), eq(posts.depth, TOP_LEVEL_DEPTH)));
	return row?.n ?? 0;
}

/**
 * The page of a thread every reader shares: the page's 20 top-level ids (plus one, to know
 * whether a next page exists) from the covering index, then those posts' subtrees by `root_id`.
 * Nothing counts the whole thread, except when a link points past the last page and the page
 * must be clamped.
 */
export async function readSharedPage(
	db: Executor,
	threadId: string,
	{ page, sort }: { page: number; sort: SortOrder }
): Promise<SharedPage> {
	let current = Math.max(1, page);
	let ids = await topLevelIds(db, threadId, sort, pageBounds(current).offset, PAGE_SIZE + 1);
	if (ids.length === 0 && current > 1) {
		current = clampPage(current, await topLevelCount(db, threadId));
		ids = await topLevelIds(db, threadId, sort, pageBounds(current).offset, PAGE_SIZE + 1);
	}
	const hasNext = ids.length > PAGE_SIZE;
	const rootIds = ids.slice(0, PAGE_SIZE).map((r) => r.id);
	const rows = rootIds.length === 0 ? [] : await selectPosts(db, inArray(posts.rootId, rootIds));
	return {
		page: current,
		hasNext,
		posts: toPosts(rows),
		sources: new Map(rows.map((r) => [r.id, r.body]))
	};
}

/**
 * The shared page from `cache` when it holds this thread version's, else read and stored. The
 * version is read (with the thread row) before the posts, so a stored page is never older than
 * its version says.
 */
async function sharedPage(
	db: Executor,
	thread: Pick<Thread, 'id' | 'version'>,
	query: { page: number; sort: SortOrder },
	cache: ThreadPageCache | undefined
): Promise<SharedPage> {
	const page = Math.max(1, query.page);
	const cached = cache?.get(thread.id, thread.version, page, query.sort);
	if (cached) return cached;
	const shared = await readSharedPage(db, thread.id, { page, sort: query.sort });
	cache?.set(thread.id, thread.version, page, query.sort, shared);
	return shared;
}

/**
 * The posts among a page's (a JSON array of ids) that `reporter` reported: one prepared query per
 * database, whatever the page's size (the ids travel as one parameter, probed on the
 * (post, reporter) index), instead of a statement built with a parameter per post at every view.
 */
function reportsAmongQuery(db: Executor) {
	return db
		.select({ postId: reports.postId })
		.from(reports)
		.where(
			and(
				inArray(reports.postId, sql`(select value from json_each(${sql.placeholder('posts')}))`),
				eq(reports.reporterId, sql.placeholder('reporter'))
			)
		)
		.prepare();
}
const reportsAmong = preparedPer(reportsAmongQuery);

/**
 * A short stand-in for a viewer's posts (`loadThreadPage`'s tree) that changes whenever they
 * would: the shared page's identity (thread, version, page, order) and everything about the
 * viewer the tree is drawn from. What keeps rendered pages (hooks.server.ts) fingerprints the
 * page's data with it instead of serializing every post of the tree on every view.
 */
const postsStamps = new WeakMap<object, string>();

/** For `JSON.stringify`: a tree of posts `loadThreadPage` stamped is written as its stamp. */
export function stampedPosts(key: string, value: unknown): unknown {
	return key === 'posts' && typeof value === 'object' && value !== null
		? (postsStamps.get(value) ?? value)
		: value;
}

/**
 * One page of a thread as `viewer` sees it: the shared page (from `cache` when given and it holds
 * the thread's current version; read by `readSharedPage` otherwise), then what is the viewer's
 * own: which posts they may see, edit, delete, reply to and report (one query for the reports
 * they filed among the page's posts; one more, in a respond-first thread, for whether they have
 * posted).
 */
export async function loadThreadPage(
	db: Executor,
	thread: Pick<Thread, 'id' | 'respondFirst'> & Partial<Pick<Thread, 'version'>>,
	viewer: Viewer,
	query: { page: number; sort: SortOrder },
	now: Date = new Date(),
	cache?: ThreadPageCache
): Promise<ThreadPage> {
	const { sort } = query;
	const viewerHasPosted = thread.respondFirst
		? await hasPostedIn(db, thread.id, viewer.userId)
		: false;
	const seesOthers = canSeeOthersPosts({
		respondFirst: thread.respondFirst,
		viewerHasPosted,
		isModerator: viewer.isModerator
	});
	const empty = {
		posts: [],
		sort,
		hasPrevious: false,
		hasNext: false,
		seesOthers,
		viewerHasPosted
	};
	// Before responding, a learner has no post of their own to see: nothing to read.
	if (!seesOthers) return { ...empty, page: 1 };

	const shared = await sharedPage(
		db,
		{ id: thread.id, version: thread.version ?? 0 },
		query,
		thread.version === undefined ? undefined : cache
	);
	const { page: current, hasNext } = shared;
	if (shared.posts.length === 0) return { ...empty, page: current, hasPrevious: current > 1 };

	const reported = new Set<string>();
	if (viewer.userId) {
		const mine = await reportsAmong(db).all({
			posts: JSON.stringify(shared.posts.map((p) => p.id)),
			reporter: viewer.userId
		});
		for (const r of mine) reported.add(r.postId);
	}
	const authors = new Map(shared.posts.map((p) => [p.id, p.authorId]));
	const editableIds: string[] = [];
	const tree = threadView(shared.posts, viewer, {
		respondFirst: thread.respondFirst,
		viewerHasPosted,
		order: sort
	});
	const withActions = (node: ThreadNode<PostView>): ThreadNode<PagePost> => {
		const editable = canEdit(
			{ authorId: authors.get(node.id) ?? null, createdAt: node.createdAt, status: node.status },
			viewer.userId,
			now
		);
		const reportedByViewer = reported.has(node.id);
		if (editable) editableIds.push(node.id);
		return {
			...node,
			canEdit: editable,
			editableUntil: editable ? editableUntil(node) : null,
			source: editable ? (shared.sources.get(node.id) ?? null) : null,
			canDelete: node.isOwn && node.status !== 'deleted',
			canReply: canReplyTo(node),
			canReport: !node.isOwn && node.status === 'visible' && !reportedByViewer,
			reportedByViewer,
			replies: node.replies.map(withActions)
		};
	};
	const shown = tree.map(withActions);
	// The shared page is known by its version only when it came through the cache's rules.
	if (cache && thread.version !== undefined) {
		const viewerPart = [viewer.userId, viewer.isModerator, thread.respondFirst, viewerHasPosted];
		const stamp = [thread.id, thread.version, current, sort, ...viewerPart];
		postsStamps.set(shown, JSON.stringify([...stamp, [...reported].sort(), editableIds]));
	}
	return { ...empty, posts: shown, page: current, hasPrevious: current > 1, hasNext };
}

/** A post of this thread, as the write paths and permalinks need it. */
export async function findPostInThread(db: Executor, threadId: string, postId: string) {
	const [post] = await db
		.select()
		.from(posts)
		.where(and(eq(posts.id, postId), eq(posts.threadId, threadId)));
	return post;
}

/** The page a post is on under `sort`: where its top-level post stands, counted from the index. */
export async function locatePost(
	db: Executor,
	threadId: string,
	postId: string,
	sort: SortOrder
): Promise<{ page: number; postId: string } | null> {
	const post = await findPostInThread(db, threadId, postId);
	if (!post) return null;
	const root = post.rootId === post.id ? post : await findPostInThread(db, threadId, post.rootId);
	if (!root) return null;
	const [older] = await db
		.select({ n: count() })
		.from(posts)
		.where(
			and(
				eq(posts.threadId, threadId),
				eq(posts.depth, TOP_LEVEL_DEPTH),
				or(
					lt(posts.createdAt, root.createdAt),
					and(eq(posts.createdAt, root.createdAt), lt(posts.id, root.id))
				)
			)
		);
	const page = permalinkPage({
		olderCount: older?.n ?? 0,
		topLevelCount: sort === 'oldest' ? 0 : await topLevelCount(db, threadId),
		order: sort
	});
	return { page, postId: post.id };
}
