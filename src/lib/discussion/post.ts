import { z } from 'zod';

/** Most characters a post may hold, counted as a reader counts them (an emoji is one). */
export const MAX_POST_LENGTH = 10_000;

/** How long after posting its author may still edit a post. */
export const EDIT_WINDOW_MS = 15 * 60 * 1000;

/** A new account's first this-many posts in public threads wait for a moderator. */
export const APPROVAL_REQUIRED_POSTS = 2;

/** Shown instead of an author's name when the post or the account is gone. */
export const DELETED_AUTHOR_NAME = 'deleted user';

/**
 * Where a post stands. `held`: waiting for a moderator's approval. `hidden`: taken down by a
 * moderator, or automatically after reports (see `hiddenBy`). `deleted`: removed by its
 * author or with their account; it stays in the thread as "[deleted]" so replies keep their place.
 */
export const postStatuses = ['visible', 'held', 'hidden', 'deleted'] as const;
export type PostStatus = (typeof postStatuses)[number];

/** Who hid a hidden post: a moderator (with a reason) or the report threshold (pending review). */
export const hiddenByValues = ['moderator', 'reports'] as const;
export type HiddenBy = (typeof hiddenByValues)[number];

/**
 * A stored post as this module reads it; a database row with these columns satisfies it.
 * Functions take `Pick`s of it, so callers pass only what they have.
 */
export interface Post {
	id: string;
	/** The post this one is nested under; `null` for a top-level post. */
	parentId: string | null;
	/** 1 for a top-level post, up to `MAX_DEPTH` (see `placeReply`). */
	depth: number;
	/** `null` once the author's account is deleted. */
	authorId: string | null;
	/** The author's display name now; `null` once the account is deleted. */
	authorName: string | null;
	/** `renderPost(body)`, stored when the post is written or edited. */
	bodyHtml: string;
	status: PostStatus;
	/** Set exactly when `status` is `hidden`. */
	hiddenBy: HiddenBy | null;
	/** The moderator's reason, which the author sees; `null` unless hidden by a moderator. */
	hiddenReason: string | null;
	/** The post this one answers (see `placeReply`). */
	replyToPostId: string | null;
	/** Set when a reply was re-attached under a shallower post: whom it answers. */
	quotedAuthor: string | null;
	createdAt: Date;
	editedAt: Date | null;
}

const EMPTY_POST = 'Write something before posting.';
const LONG_POST = 'Posts can be at most 10,000 characters.';

/** A post's Markdown body: trimmed, 1 to 10,000 characters, not only invisible characters. */
export const postBodySchema = z
	.string({ error: EMPTY_POST })
	.trim()
	.refine((body) => /[^\s\p{Cf}]/u.test(body), { error: EMPTY_POST })
	.refine((body) => characterCount(body) <= MAX_POST_LENGTH, { error: LONG_POST });

const STALE_FORM = 'This form is out of date; reload the page and try again.';

/** An id sent back by a form (a hidden field or a route parameter), never typed by a person. */
export const idSchema = z
	.string({ error: STALE_FORM })
	.trim()
	.min(1, { error: STALE_FORM })
	.max(100, { error: STALE_FORM });

/** An id field that may be left empty (`''` or missing become `undefined`). */
export const optionalIdSchema = z.preprocess(
	(value) => (value === '' || value === null ? undefined : value),
	idSchema.optional()
);

/** The new-post form: a body, and the post it replies to (none for a top-level post). */
export const newPostSchema = z.object({ body: postBodySchema, parentId: optionalIdSchema });
export type NewPostInput = z.infer<typeof newPostSchema>;

/** The edit form. */
export const editPostSchema = z.object({ postId: idSchema, body: postBodySchema });
export type EditPostInput = z.infer<typeof editPostSchema>;

function characterCount(text: string): number {
	// Past twice the limit in UTF-16 units it is too long however it counts; skip the split.
	return text.length > 2 * MAX_POST_LENGTH ? text.length : [...text].length;
}

/** When the author's chance to edit `post` ends. */
export function editableUntil(post: Pick<Post, 'createdAt'>): Date {
	return new Date(post.createdAt.getTime() + EDIT_WINDOW_MS);
}

/**
 * Whether `userId` may edit `post` at `now`: their own post, at most `EDIT_WINDOW_MS` old
 * (the boundary included), neither deleted nor hidden (an edit must not change what a
 * moderator is judging).
 */
export function canEdit(
	post: Pick<Post, 'authorId' | 'createdAt' | 'status'>,
	userId: string | null | undefined,
	now: Date
): boolean {
	if (!userId || post.authorId !== userId) return false;
	if (post.status === 'deleted' || post.status === 'hidden') return false;
	const age = now.getTime() - post.createdAt.getTime();
	return age >= 0 && age <= EDIT_WINDOW_MS;
}

/**
 * Whether a new post waits for a moderator (status `held`): in a public thread, until its
 * author has had `APPROVAL_REQUIRED_POSTS` posts approved. Class threads and moderators
 * never wait.
 */
export function needsApproval({
	approvedPostCount,
	isPublicThread,
	isModerator = false
}: {
	/** How many of the author's public-thread posts went up: approved, or never held. */
	approvedPostCount: number;
	isPublicThread: boolean;
	isModerator?: boolean;
}): boolean {
	return isPublicThread && !isModerator && approvedPostCount < APPROVAL_REQUIRED_POSTS;
}

/** Only a visible post can be answered. */
export function canReplyTo(post: Pick<Post, 'status'>): boolean {
	return post.status === 'visible';
}

/** A post's Markdown on one line, cut to `length` characters (an ellipsis marks the cut). */
export function postExcerpt(markdown: string, length: number): string {
	const flat = markdown.replace(/\s+/g, ' ').trim();
	return flat.length > length ? `${flat.slice(0, length - 1).trimEnd()}…` : flat;
}
