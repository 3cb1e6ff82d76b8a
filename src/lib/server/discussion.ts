import { randomUUID } from 'node:crypto';
import {
	and,
	asc,
	count,
	desc,
	eq,
	gt,
	gte,
	inArray,
	isNull,
	lt,
	max,
	ne,
	or,
	sql
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import {
	DELETED_AUTHOR_NAME,
	PAGE_SIZE,
	TOP_LEVEL_DEPTH,
	autoHiddenState,
	canEdit,
	canReplyTo,
	canSeeOthersPosts,
	checkCanPost,
	checkPostRate,
	clampPage,
	editableUntil,
	needsApproval,
	pageBounds,
	permalinkPage,
	placeReply,
	renderPost,
	respondFirstByDefault,
	startOfUtcDay,
	suspensionBlock,
	threadView,
	type Post,
	type PostView,
	type ReportInput,
	type SortOrder,
	type Suspensions,
	type ThreadNode,
	type Viewer
} from '../discussion';
import type { Database } from './db/client';
import {
	articles,
	classes,
	classMembers,
	posts,
	prompts,
	reports,
	threads,
	users
} from './db/schema';

/** A database handle or an open transaction: both build queries the same way. */
export type Executor = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

// ---- Threads and their scope -------------------------------------------------------------

import {
	classIdOfScope,
	classScope,
	isPublicScope,
	PUBLIC_SCOPE,
	type ThreadScope
} from '../discussion/scope';
export { classIdOfScope, classScope, isPublicScope, PUBLIC_SCOPE, type ThreadScope };

export type Thread = typeof threads.$inferSelect;

/**
 * The suspensions that stop `userId` writing in a thread of `scope`: their site-wide one, and
 * in a class's thread the one that class's teacher set (nowhere else).
 */
export async function suspensionsIn(
	db: Executor,
	userId: string,
	scope: string
): Promise<Suspensions> {
	const classId = classIdOfScope(scope);
	const [row] = await db
		.select({
			suspendedUntil: users.suspendedUntil,
			classSuspendedUntil: classMembers.suspendedUntil
		})
		.from(users)
		.leftJoin(
			classMembers,
			and(eq(classMembers.userId, users.id), eq(classMembers.classId, classId ?? ''))
		)
		.where(eq(users.id, userId));
	return {
		suspendedUntil: row?.suspendedUntil ?? null,
		classSuspendedUntil: classId ? (row?.classSuspendedUntil ?? null) : null
	};
}

/**
 * Why `userId` may not edit or report in thread `threadId` now (a suspension: site-wide, or in
 * the thread's class), or `null`. One query: the thread, the person and their class membership.
 */
async function writeBlock(db: Executor, userId: string, threadId: string, now: Date) {
	const [row] = await db
		.select({
			classId: threads.classId,
			suspendedUntil: users.suspendedUntil,
			classSuspendedUntil: classMembers.suspendedUntil
		})
		.from(threads)
		.innerJoin(users, eq(users.id, userId))
		.leftJoin(
			classMembers,
			and(eq(classMembers.userId, users.id), eq(classMembers.classId, threads.classId))
		)
		.where(eq(threads.id, threadId));
	if (!row) return null;
	return suspensionBlock(
		{
			suspendedUntil: row.suspendedUntil,
			classSuspendedUntil: row.classId ? row.classSuspendedUntil : null
		},
		now
	);
}

export async function findThread(db: Executor, promptId: string, scope: ThreadScope) {
	const [thread] = await db
		.select()
		.from(threads)
		.where(and(eq(threads.promptId, promptId), eq(threads.scope, scope)));
	return thread;
}

/**
 * The thread of a prompt in a scope, created the first time anyone asks. Reads first, so a
 * page view of an existing thread never writes; two first visitors racing both get the same
 * row (the insert is ignored on the unique (prompt, scope) index).
 */
export async function getOrCreateThread(
	db: Executor,
	{
		articleId,
		promptId,
		scope,
		respondFirst = respondFirstByDefault(isPublicScope(scope))
	}: { articleId: string; promptId: string; scope: ThreadScope; respondFirst?: boolean }
): Promise<Thread> {
	const existing = await findThread(db, promptId, scope);
	if (existing) return existing;
	await db
		.insert(threads)
		.values({
			id: randomUUID(),
			articleId,
			promptId,
			scope,
			classId: classIdOfScope(scope),
			respondFirst
		})
		.onConflictDoNothing();
	const created = await findThread(db, promptId, scope);
	if (!created) throw new Error(`thread for prompt ${promptId} (${scope}) was not created`);
	return created;
}

/** A live prompt of an article by its number (1, 2, …), as it appears in thread URLs. */
export async function findPrompt(db: Executor, articleId: string, number: number) {
	const [prompt] = await db
		.select({ id: prompts.id, number: prompts.number, text: prompts.text })
		.from(prompts)
		.where(
			and(eq(prompts.articleId, articleId), eq(prompts.number, number), isNull(prompts.archivedAt))
		);
	return prompt;
}

export interface PromptSummary {
	id: string;
	number: number;
	text: string;
	/** Posts anyone can read (held, hidden and deleted ones are not counted). */
	postCount: number;
	locked: boolean;
}

/** An article's live prompts in order, each with its thread's post count in `scope`. */
export async function listPromptThreads(
	db: Executor,
	articleId: string,
	scope: ThreadScope
): Promise<PromptSummary[]> {
	const rows = await db
		.select({
			id: prompts.id,
			number: prompts.number,
			text: prompts.text,
			lockedAt: threads.lockedAt,
			postCount: sql<number>`(SELECT count(*) FROM ${posts} WHERE ${posts.threadId} = ${threads.id} AND ${posts.status} = 'visible')`
		})
		.from(prompts)
		.leftJoin(threads, and(eq(threads.promptId, prompts.id), eq(threads.scope, scope)))
		.where(and(eq(prompts.articleId, articleId), isNull(prompts.archivedAt)))
		.orderBy(asc(prompts.number));
	return rows.map((r) => ({
		id: r.id,
		number: r.number,
		text: r.text,
		postCount: Number(r.postCount ?? 0),
		locked: r.lockedAt !== null
	}));
}

// ---- Reading a page ----------------------------------------------------------------------

/** A post on a page, with what the viewer may do to it (the route adds what their role allows). */
export type PagePost = PostView & {
	/** The viewer wrote it and is still inside the edit window. */
	canEdit: boolean;
	/** When that window closes, for the viewer's own editable posts. */
	editableUntil: Date | null;
	/** The Markdown the author wrote, for their edit form; `null` unless `canEdit`. */
	source: string | null;
	canDelete: boolean;
	canReply: boolean;
	/** Someone else's visible post the viewer has not reported yet. */
	canReport: boolean;
	reportedByViewer: boolean;
};

export interface ThreadPage {
	posts: ThreadNode<PagePost>[];
	page: number;
	sort: SortOrder;
	hasPrevious: boolean;
	hasNext: boolean;
	/** Respond first: false until the viewer has posted (see `canSeeOthersPosts`). */
	seesOthers: boolean;
	viewerHasPosted: boolean;
}

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
 * One page of a thread as `viewer` sees it. Reads a bounded number of rows: the page's 20
 * top-level ids (plus one, to know whether a next page exists) from the covering index, then
 * those posts' subtrees by `root_id`. Nothing counts the whole thread, except when a link
 * points past the last page and the page must be clamped.
 */
export async function loadThreadPage(
	db: Executor,
	thread: Pick<Thread, 'id' | 'respondFirst'>,
	viewer: Viewer,
	{ page, sort }: { page: number; sort: SortOrder },
	now: Date = new Date()
): Promise<ThreadPage> {
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

	let current = Math.max(1, page);
	let ids = await topLevelIds(db, thread.id, sort, pageBounds(current).offset, PAGE_SIZE + 1);
	if (ids.length === 0 && current > 1) {
		current = clampPage(current, await topLevelCount(db, thread.id));
		ids = await topLevelIds(db, thread.id, sort, pageBounds(current).offset, PAGE_SIZE + 1);
	}
	const hasNext = ids.length > PAGE_SIZE;
	const rootIds = ids.slice(0, PAGE_SIZE).map((r) => r.id);
	if (rootIds.length === 0) return { ...empty, page: current, hasPrevious: current > 1 };

	const rows = await selectPosts(db, inArray(posts.rootId, rootIds));
	const reported = new Set<string>();
	if (viewer.userId && rows.length > 0) {
		const mine = await db
			.select({ postId: reports.postId })
			.from(reports)
			.where(
				and(
					inArray(
						reports.postId,
						rows.map((r) => r.id)
					),
					eq(reports.reporterId, viewer.userId)
				)
			);
		for (const r of mine) reported.add(r.postId);
	}
	const byId = new Map(rows.map((r) => [r.id, r]));
	const tree = threadView(toPosts(rows), viewer, {
		respondFirst: thread.respondFirst,
		viewerHasPosted,
		order: sort
	});
	const withActions = (node: ThreadNode<PostView>): ThreadNode<PagePost> => {
		const editable = canEdit(
			{
				authorId: byId.get(node.id)?.authorId ?? null,
				createdAt: node.createdAt,
				status: node.status
			},
			viewer.userId,
			now
		);
		const reportedByViewer = reported.has(node.id);
		return {
			...node,
			canEdit: editable,
			editableUntil: editable ? editableUntil(node) : null,
			source: editable ? (byId.get(node.id)?.body ?? null) : null,
			canDelete: node.isOwn && node.status !== 'deleted',
			canReply: canReplyTo(node),
			canReport: !node.isOwn && node.status === 'visible' && !reportedByViewer,
			reportedByViewer,
			replies: node.replies.map(withActions)
		};
	};
	return {
		...empty,
		posts: tree.map(withActions),
		page: current,
		hasPrevious: current > 1,
		hasNext
	};
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

// ---- Writing -----------------------------------------------------------------------------

/** An expected refusal: the status to answer with, the form field it belongs to, and why. */
export type Refusal = {
	ok: false;
	status: 400 | 403 | 404 | 409 | 429;
	field: 'body' | 'form' | 'reason';
	message: string;
};
const refuse = (status: Refusal['status'], field: Refusal['field'], message: string): Refusal => ({
	ok: false,
	status,
	field,
	message
});

export const POST_NOT_FOUND = 'That post is not in this discussion any more.';

export interface NewPost {
	threadId: string;
	authorId: string;
	/** May moderate this thread (moderators for public threads, the teacher for a class). */
	isModerator: boolean;
	/** Already parsed by `newPostSchema`. */
	body: string;
	parentId?: string | undefined;
}

/**
 * Writes a post or a reply, in one write transaction so the checks and the insert see the
 * same state: the thread is open, the author is not suspended, within the rate limits, and
 * allowed to answer the parent. A new account's first public posts are held.
 */
export async function createPost(
	db: Database,
	input: NewPost,
	now: Date = new Date()
): Promise<{ ok: true; postId: string; status: 'visible' | 'held' } | Refusal> {
	return db.transaction(async (tx) => {
		const [thread] = await tx.select().from(threads).where(eq(threads.id, input.threadId));
		const classId = thread ? classIdOfScope(thread.scope) : null;
		const [author] = await tx
			.select({
				suspendedUntil: users.suspendedUntil,
				classSuspendedUntil: classMembers.suspendedUntil,
				approvedPostCount: users.approvedPostCount,
				createdAt: users.createdAt
			})
			.from(users)
			.leftJoin(
				classMembers,
				and(eq(classMembers.userId, users.id), eq(classMembers.classId, classId ?? ''))
			)
			.where(eq(users.id, input.authorId));
		if (!thread || !author) return refuse(404, 'form', 'This discussion is not available.');

		// A class suspension counts in that class's threads alone (`classId` is null elsewhere).
		const allowed = checkCanPost({
			threadLocked: thread.lockedAt !== null,
			suspendedUntil: author.suspendedUntil,
			classSuspendedUntil: classId ? author.classSuspendedUntil : null,
			isModerator: input.isModerator,
			now
		});
		if (!allowed.ok) return refuse(403, 'form', allowed.message);

		const [recent] = await tx
			.select({ last: max(posts.createdAt) })
			.from(posts)
			.where(eq(posts.authorId, input.authorId));
		const [today] = await tx
			.select({ n: count() })
			.from(posts)
			.where(and(eq(posts.authorId, input.authorId), gte(posts.createdAt, startOfUtcDay(now))));
		const rate = checkPostRate({
			lastPostAt: recent?.last ?? null,
			postsToday: today?.n ?? 0,
			accountCreatedAt: author.createdAt,
			now
		});
		if (!rate.ok) return refuse(429, 'body', rate.message);

		let parent: typeof posts.$inferSelect | undefined;
		if (input.parentId) {
			parent = await findPostInThread(tx, thread.id, input.parentId);
			if (!parent) return refuse(404, 'form', POST_NOT_FOUND);
			if (!canReplyTo(parent)) return refuse(409, 'form', 'This post can no longer be answered.');
			const seesParent =
				parent.authorId === input.authorId ||
				canSeeOthersPosts({
					respondFirst: thread.respondFirst,
					viewerHasPosted: await hasPostedIn(tx, thread.id, input.authorId),
					isModerator: input.isModerator
				});
			if (!seesParent) return refuse(403, 'form', 'Post your own response before replying.');
		}

		const id = randomUUID();
		const placement = placeReply(
			parent
				? { id: parent.id, parentId: parent.parentId, depth: parent.depth, authorName: null }
				: null
		);
		const held = needsApproval({
			approvedPostCount: author.approvedPostCount,
			isPublicThread: isPublicScope(thread.scope),
			isModerator: input.isModerator
		});
		const status = held ? 'held' : 'visible';
		await tx.insert(posts).values({
			id,
			threadId: thread.id,
			authorId: input.authorId,
			parentId: placement.parentId,
			rootId: parent ? parent.rootId : id,
			depth: placement.depth,
			replyToPostId: placement.replyToPostId,
			body: input.body,
			html: renderPost(input.body),
			status,
			createdAt: now
		});
		return { ok: true, postId: id, status };
	});
}

const EDIT_CLOSED = 'Posts can be edited only in the 15 minutes after posting.';

/**
 * Replaces the body of the author's own post while the edit window is open, unless the author
 * is suspended (site-wide, or in this thread's class).
 */
export async function editPost(
	db: Database,
	{
		threadId,
		postId,
		userId,
		body
	}: { threadId: string; postId: string; userId: string; body: string },
	now: Date = new Date()
): Promise<{ ok: true } | Refusal> {
	return db.transaction(async (tx) => {
		const post = await findPostInThread(tx, threadId, postId);
		if (!post) return refuse(404, 'form', POST_NOT_FOUND);
		if (post.authorId !== userId) return refuse(403, 'form', 'You can edit only your own posts.');
		if (!canEdit(post, userId, now)) return refuse(403, 'body', EDIT_CLOSED);
		const blocked = await writeBlock(tx, userId, threadId, now);
		if (blocked) return refuse(403, 'form', blocked);
		await tx
			.update(posts)
			.set({ body, html: renderPost(body), editedAt: now })
			.where(eq(posts.id, postId));
		return { ok: true };
	});
}

/**
 * The author removes their post: its text goes, its place stays as "[deleted]" so replies
 * keep their context.
 */
export async function deletePost(
	db: Database,
	{ threadId, postId, userId }: { threadId: string; postId: string; userId: string },
	now: Date = new Date()
): Promise<{ ok: true } | Refusal> {
	return db.transaction(async (tx) => {
		const post = await findPostInThread(tx, threadId, postId);
		if (!post || post.status === 'deleted') return refuse(404, 'form', POST_NOT_FOUND);
		if (post.authorId !== userId) return refuse(403, 'form', 'You can delete only your own posts.');
		await tx
			.update(posts)
			.set({
				status: 'deleted',
				body: '',
				html: '',
				deletedAt: now,
				hiddenBy: null,
				hiddenReason: null
			})
			.where(eq(posts.id, postId));
		return { ok: true };
	});
}

/**
 * Records a report (once per person and post) and hides the post when open reports reach the
 * threshold, in one transaction so two last reports cannot both miss it. A suspended person
 * (site-wide, or in this thread's class) files none.
 */
export async function reportPost(
	db: Database,
	{ threadId, reporterId, report }: { threadId: string; reporterId: string; report: ReportInput },
	now: Date = new Date()
): Promise<{ ok: true; hidden: boolean } | Refusal> {
	return db.transaction(async (tx) => {
		const post = await findPostInThread(tx, threadId, report.postId);
		if (!post || post.status === 'deleted') return refuse(404, 'form', POST_NOT_FOUND);
		const blocked = await writeBlock(tx, reporterId, threadId, now);
		if (blocked) return refuse(403, 'form', blocked);
		if (post.authorId === reporterId)
			return refuse(400, 'form', 'You cannot report your own post.');
		if (post.status !== 'visible')
			return refuse(409, 'form', 'A moderator is already looking at this post.');
		const inserted = await tx
			.insert(reports)
			.values({
				id: randomUUID(),
				postId: post.id,
				reporterId,
				reason: report.reason,
				note: report.note ?? null,
				createdAt: now
			})
			.onConflictDoNothing()
			.returning({ id: reports.id });
		if (inserted.length === 0) return refuse(409, 'form', 'You have already reported this post.');
		const [open] = await tx
			.select({ n: count() })
			.from(reports)
			.where(and(eq(reports.postId, post.id), isNull(reports.resolvedAt)));
		const openReports = open?.n ?? 0;
		const next = autoHiddenState(post, openReports);
		await tx
			.update(posts)
			.set({ reportCount: openReports, ...(next ?? {}) })
			.where(eq(posts.id, post.id));
		return { ok: true, hidden: next !== null };
	});
}

// ---- Replies to a person's posts ---------------------------------------------------------

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

// ---- A person's hidden posts ---------------------------------------------------------------

/** One of the person's posts that is hidden now, and why, as / and /account tell them. */
export interface HiddenPost {
	id: string;
	createdAt: Date;
	/** `moderator`: a moderator (or the class's teacher) hid it; `reports`: readers' reports did. */
	hiddenBy: 'moderator' | 'reports';
	/** The moderator's reason; `null` when hidden by reports. */
	reason: string | null;
	excerpt: string;
	promptNumber: number;
	articleTitle: string;
	/** The class whose thread it is in; `null` for a public thread. */
	className: string | null;
	path: string;
}

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
			scope: threads.scope,
			promptNumber: prompts.number,
			articleSlug: articles.slug,
			articleTitle: articles.title,
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
			excerpt: excerptOf(r.body),
			promptNumber: r.promptNumber,
			articleTitle: r.articleTitle,
			className: r.className,
			path: postPermalink(r, r)
		}))
	};
}

export interface NewReply {
	id: string;
	authorName: string;
	createdAt: Date;
	excerpt: string;
	promptNumber: number;
	articleTitle: string;
	path: string;
}

function excerptOf(markdown: string, length = 140): string {
	const flat = markdown.replace(/\s+/g, ' ').trim();
	return flat.length > length ? `${flat.slice(0, length - 1).trimEnd()}…` : flat;
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
			scope: threads.scope,
			promptNumber: prompts.number,
			articleSlug: articles.slug,
			articleTitle: articles.title
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
			excerpt: excerptOf(r.body),
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
