import type { PagePost, SortOrder, ThreadNode } from '$lib/discussion';

export type { PagePost };
export type PostNode = ThreadNode<PagePost>;

/** What a thread page's load returns, whatever its scope. */
export interface ThreadPageData {
	prompt: { number: number; text: string };
	promptCount: number;
	thread: { id: string; locked: boolean };
	path: string;
	posts: PostNode[];
	page: number;
	sort: SortOrder;
	hasPrevious: boolean;
	hasNext: boolean;
	seesOthers: boolean;
	mayPost: boolean;
	mayReport: boolean;
	blocked: string | null;
	signInHref: string | null;
	isModerator: boolean;
	notice: string | null;
}

/** A form the server sent back: which form (`post`, `reply:<id>`, `edit:<id>`…), and why. */
export interface FormFailure {
	target: string;
	errors: Record<string, string>;
	values?: Record<string, string>;
}

/** What every post of a thread page needs to draw its forms. */
export interface ThreadContext {
	/** The thread's address, for permalinks (`<path>/post/<id>`). */
	path: string;
	/** `page=2&sort=newest`: added to each form's action so a refused form shows the same page. */
	query: string;
	/** The viewer may post and reply here now (signed in, thread open, not suspended). */
	mayPost: boolean;
	/** The viewer may report posts (signed in). */
	mayReport: boolean;
	/** The viewer moderates this thread (a site moderator, or the class's teacher): hide, restore. */
	mayModerate: boolean;
	/** The time zone dates are shown in: the class's for a class thread, else UTC. */
	timeZone: string;
	failure: FormFailure | null;
}

/** The failure meant for `target`, if that is the form that was sent. */
export function failureFor(context: ThreadContext, target: string): FormFailure | null {
	return context.failure?.target === target ? context.failure : null;
}

/** The forms of the posts on this page, by target, as PostItem draws them. */
function postFormTargets(posts: PostNode[], context: ThreadContext): Set<string> {
	const targets = new Set<string>();
	const walk = (nodes: PostNode[]) => {
		for (const post of nodes) {
			if (context.mayPost && post.canReply) targets.add(`reply:${post.id}`);
			if (post.canEdit) targets.add(`edit:${post.id}`);
			if (post.canDelete) targets.add(`delete:${post.id}`);
			if (context.mayReport && post.canReport) targets.add(`report:${post.id}`);
			if (context.mayModerate && post.status !== 'deleted') {
				if (!(post.status === 'hidden' && post.hiddenBy === 'moderator'))
					targets.add(`hide:${post.id}`);
				if (post.status === 'hidden') targets.add(`restore:${post.id}`);
			}
			walk(post.replies);
		}
	};
	walk(posts);
	return targets;
}

/**
 * A refused post form that no form on this page can show (the post is gone, on another page,
 * or the form named no post at all): its message must still reach the person.
 */
export function strayFailure(context: ThreadContext, posts: PostNode[]): FormFailure | null {
	const failure = context.failure;
	if (!failure || !/^(reply|edit|delete|report|hide|restore):/.test(failure.target)) return null;
	return postFormTargets(posts, context).has(failure.target) ? null : failure;
}
