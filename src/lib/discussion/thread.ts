import { DELETED_AUTHOR_NAME, type Post } from './post';

/** The depth of a top-level post. */
export const TOP_LEVEL_DEPTH = 1;

/** The deepest a post nests: a top-level post and at most three levels of replies below it. */
export const MAX_DEPTH = 4;

/**
 * The order of top-level posts. `oldest`: by `createdAt`, then by `id`; `newest`: exactly the
 * reverse. Replies always read oldest first, as a conversation does.
 */
export const sortOrders = ['oldest', 'newest'] as const;
export type SortOrder = (typeof sortOrders)[number];
export const DEFAULT_SORT_ORDER: SortOrder = 'oldest';

/** What `buildThreadTree` needs of a row. */
export type ThreadRow = Pick<Post, 'id' | 'parentId' | 'createdAt'>;

/** A row with its replies, oldest first. */
export type ThreadNode<T extends ThreadRow> = T & { replies: ThreadNode<T>[] };

/**
 * Nests flat rows into a tree: top-level posts in `order`, each with its replies.
 * A row whose parent is not among `rows` is left out with its own replies: the parent is
 * hidden from this viewer (held, or another learner's under respond-first), and a reply to
 * it would make no sense alone. Pass whole subtrees (pagination is by top-level post).
 */
export function buildThreadTree<T extends ThreadRow>(
	rows: readonly T[],
	order: SortOrder = DEFAULT_SORT_ORDER
): ThreadNode<T>[] {
	const nodes = new Map<string, ThreadNode<T>>();
	for (const row of rows) nodes.set(row.id, { ...row, replies: [] });
	const roots: ThreadNode<T>[] = [];
	for (const node of nodes.values()) {
		if (node.parentId === null) roots.push(node);
		else nodes.get(node.parentId)?.replies.push(node);
	}
	for (const node of nodes.values()) node.replies.sort(compareOldestFirst);
	roots.sort(compareOldestFirst);
	return order === 'newest' ? roots.reverse() : roots;
}

/** The chronological order every list of posts shares (and the database must copy). */
export function compareOldestFirst(a: ThreadRow, b: ThreadRow): number {
	const byTime = a.createdAt.getTime() - b.createdAt.getTime();
	if (byTime !== 0) return byTime;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The post a reply answers, as `placeReply` needs it. */
export type ReplyTarget = Pick<Post, 'id' | 'parentId' | 'depth' | 'authorName'>;

/** Where a new post goes, to be stored with it. */
export interface ReplyPlacement {
	parentId: string | null;
	depth: number;
	/** The post it answers; `null` for a top-level post. */
	replyToPostId: string | null;
	/** Set only when the reply could not nest under the post it answers: show "replying to <name>". */
	quotedAuthor: string | null;
}

/**
 * Places a new post. With no target it is a top-level post (depth 1). A reply nests one
 * level under its target, down to `MAX_DEPTH`; a reply to a post already at `MAX_DEPTH`
 * becomes that post's sibling (same parent, depth 4) and records whom it answers.
 */
export function placeReply(target: ReplyTarget | null): ReplyPlacement {
	if (target === null) {
		return { parentId: null, depth: TOP_LEVEL_DEPTH, replyToPostId: null, quotedAuthor: null };
	}
	if (target.depth < MAX_DEPTH) {
		return {
			parentId: target.id,
			depth: target.depth + 1,
			replyToPostId: target.id,
			quotedAuthor: null
		};
	}
	if (target.parentId === null) {
		throw new Error(`Post ${target.id} is at depth ${target.depth} but has no parent`);
	}
	return {
		parentId: target.parentId,
		depth: MAX_DEPTH,
		replyToPostId: target.id,
		quotedAuthor: target.authorName ?? DELETED_AUTHOR_NAME
	};
}
