import { DELETED_AUTHOR_NAME, type HiddenBy, type Post, type PostStatus } from './post';
import { buildThreadTree, DEFAULT_SORT_ORDER, type SortOrder, type ThreadNode } from './thread';

/**
 * Who is looking. `isModerator` means "may moderate this thread": a site moderator or
 * admin, or the teacher of the class a class thread belongs to.
 */
export interface Viewer {
	userId: string | null;
	isModerator: boolean;
}

export const DELETED_PLACEHOLDER = '[deleted]';
export const HIDDEN_PLACEHOLDER = '[hidden by a moderator]';
export const UNDER_REVIEW_PLACEHOLDER = '[hidden while a moderator reviews reports]';
export const AWAITING_APPROVAL_NOTICE =
	'Awaiting approval: only you and the moderators can see this post.';
export const UNDER_REVIEW_NOTICE =
	'Hidden after several reports until a moderator reviews it. Only you and the moderators can see it.';

/** What one viewer is shown of one post. */
export interface PostView {
	id: string;
	parentId: string | null;
	depth: number;
	createdAt: Date;
	editedAt: Date | null;
	status: PostStatus;
	/** The author's name, or `DELETED_AUTHOR_NAME`. */
	authorName: string;
	/** The viewer wrote it. */
	isOwn: boolean;
	/** The sanitized body, or `null` when this viewer is shown `placeholder` instead. */
	bodyHtml: string | null;
	/** `[deleted]` or a hidden marker; set exactly when `bodyHtml` is `null`. */
	placeholder: string | null;
	/** A line for the author and moderators: awaiting approval, or why it is hidden. */
	notice: string | null;
	/** Who hid it, when hidden: a moderator, or readers' reports (the placeholder says as much). */
	hiddenBy: HiddenBy | null;
	replyToPostId: string | null;
	/** Show "replying to <name>" when set (see `placeReply`). */
	quotedAuthor: string | null;
}

/**
 * Respond first (Moodle's Q and A rule): in a thread with `respondFirst` on, a learner sees
 * other people's posts only once they have posted their own. Moderators always see.
 */
export function canSeeOthersPosts({
	respondFirst,
	viewerHasPosted,
	isModerator
}: {
	respondFirst: boolean;
	/** The viewer has a post in this thread that is not deleted. */
	viewerHasPosted: boolean;
	isModerator: boolean;
}): boolean {
	return !respondFirst || isModerator || viewerHasPosted;
}

/**
 * Whether a new thread has respond-first on: a class prompt is an assignment, where
 * learners answer before reading each other; a public thread is a conversation.
 */
export function respondFirstByDefault(isPublicThread: boolean): boolean {
	return !isPublicThread;
}

/**
 * What `viewer` is shown of `post`, or `null` when they are not shown it at all (someone
 * else's post awaiting approval). Deleted posts show neither body nor author to anyone;
 * hidden ones show a placeholder to others and the body, with the reason, to the author
 * and moderators.
 */
export function visiblePostView(post: Post, viewer: Viewer): PostView | null {
	const isOwn = viewer.userId !== null && post.authorId === viewer.userId;
	const privileged = isOwn || viewer.isModerator;
	const view: PostView = {
		id: post.id,
		parentId: post.parentId,
		depth: post.depth,
		createdAt: post.createdAt,
		editedAt: post.editedAt,
		status: post.status,
		authorName: post.authorName ?? DELETED_AUTHOR_NAME,
		isOwn,
		bodyHtml: post.bodyHtml,
		placeholder: null,
		notice: null,
		hiddenBy: post.status === 'hidden' ? post.hiddenBy : null,
		replyToPostId: post.replyToPostId,
		quotedAuthor: post.quotedAuthor
	};
	switch (post.status) {
		case 'visible':
			return view;
		case 'held':
			return privileged ? { ...view, notice: AWAITING_APPROVAL_NOTICE } : null;
		case 'hidden':
			if (privileged) return { ...view, notice: hiddenNotice(post) };
			return {
				...view,
				bodyHtml: null,
				placeholder: post.hiddenBy === 'reports' ? UNDER_REVIEW_PLACEHOLDER : HIDDEN_PLACEHOLDER
			};
		case 'deleted':
			return {
				...view,
				authorName: DELETED_AUTHOR_NAME,
				bodyHtml: null,
				placeholder: DELETED_PLACEHOLDER
			};
	}
}

function hiddenNotice(post: Pick<Post, 'hiddenBy' | 'hiddenReason'>): string {
	if (post.hiddenBy === 'reports') return UNDER_REVIEW_NOTICE;
	return post.hiddenReason
		? `Hidden by a moderator. Reason: ${post.hiddenReason}`
		: 'Hidden by a moderator.';
}

/**
 * One page of a thread as `viewer` sees it: respond-first applied (only the viewer's own
 * posts until they have posted), each post through `visiblePostView`, nested by
 * `buildThreadTree`. `posts` are whole subtrees of the page's top-level posts.
 */
export function threadView(
	posts: readonly Post[],
	viewer: Viewer,
	{
		respondFirst,
		viewerHasPosted,
		order = DEFAULT_SORT_ORDER
	}: { respondFirst: boolean; viewerHasPosted: boolean; order?: SortOrder }
): ThreadNode<PostView>[] {
	const seesOthers = canSeeOthersPosts({
		respondFirst,
		viewerHasPosted,
		isModerator: viewer.isModerator
	});
	const views: PostView[] = [];
	for (const post of posts) {
		if (!seesOthers && (viewer.userId === null || post.authorId !== viewer.userId)) continue;
		const view = visiblePostView(post, viewer);
		if (view) views.push(view);
	}
	return buildThreadTree(views, order);
}
