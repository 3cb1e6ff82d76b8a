// Writing: posts and replies, edits, deletions and reports, each checked and written in one
// transaction.
import { randomUUID } from 'node:crypto';
import { and, count, eq, gte, isNull, max } from 'drizzle-orm';
import {
	autoHiddenState,
	canEdit,
	canReplyTo,
	canSeeOthersPosts,
	checkCanPost,
	checkPostRate,
	needsApproval,
	placeReply,
	renderPost,
	startOfUtcDay,
	type ReportInput
} from '../../discussion';
import type { Database } from '../db/client';
import { classMembers, posts, reports, threads, users } from '../db/schema';
import { findPostInThread, hasPostedIn } from './pages';
import {
	classIdOfScope,
	isPublicScope,
	membershipIn,
	suspensionColumns,
	suspensionsOf,
	writeBlock
} from './threads';

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
				...suspensionColumns,
				approvedPostCount: users.approvedPostCount,
				createdAt: users.createdAt
			})
			.from(users)
			.leftJoin(classMembers, membershipIn(classId ?? ''))
			.where(eq(users.id, input.authorId));
		if (!thread || !author) return refuse(404, 'form', 'This discussion is not available.');

		// A class suspension counts in that class's threads alone (`classId` is null elsewhere).
		const allowed = checkCanPost({
			threadLocked: thread.lockedAt !== null,
			...suspensionsOf(author, classId),
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
