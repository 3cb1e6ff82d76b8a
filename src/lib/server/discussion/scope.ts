// What a thread's scope decides, as the thread pages see it: how a request opens the thread
// (and who may read it), where it lives, who moderates it, which suspensions count and what the
// notices say about its moderators. A public and a class implementation; one load, one set of
// actions and one notice table serve both.
import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { Action, Actor, Relation } from '../../access';
import {
	postAnchor,
	threadPageQuerySchema,
	type SortOrder,
	type Suspensions
} from '../../discussion';
import { database } from '../db';
import { locatePost } from './pages';
import type { Thread } from './threads';

/** A thread a request opened, for someone allowed to read it. */
export interface OpenThread<Page extends object = object> {
	actor: Actor | null;
	thread: Thread;
	prompt: { number: number; text: string };
	promptCount: number;
	/** The thread's address, without query. */
	path: string;
	/** Who moderates this thread: the access table's action, checked against `relation`. */
	moderation: { action: Action; relation: Relation; denyStatus: 403 | 404 };
	/** What the page shows beyond the thread: where it sits (its breadcrumb). */
	page: Page;
}

/**
 * What a thread page reads of its request: who asks (`locals`), for which URL, and the request
 * itself (its method; each request's work is kept by it). A page load's event, a form action's,
 * or a request answered before the app (page-memory.ts), which has no SvelteKit event.
 */
export type ThreadRequest = Pick<RequestEvent, 'locals' | 'params' | 'url'> & {
	request: Pick<Request, 'method'>;
	/** A page load's layout data, when a load asks. */
	parent?: () => Promise<unknown>;
};

export interface ThreadScopeKind<Page extends object = object> {
	/** The thread the URL names, created on first use; a 404 (or sign in) for anyone else. */
	open(event: ThreadRequest): Promise<OpenThread<Page>>;
	/** The suspensions that count here for the viewer. */
	suspensions(event: ThreadRequest, opened: OpenThread<Page>): Promise<Suspensions>;
	/** Whether a visitor who may not post is offered to sign in (a class's readers all are). */
	offersSignIn: boolean;
	/** The notices that name this scope's moderators. */
	notices: Pick<Notices, 'held' | 'reported' | 'hidden' | 'locked'>;
}

/** Messages shown once after a form went through (`?notice=`); a scope names its moderators. */
const sharedNotices = {
	posted: 'Your response is posted.',
	replied: 'Your reply is posted.',
	edited: 'Your changes are saved.',
	deleted: 'Your post is deleted. Replies to it stay in the discussion.',
	unlocked: 'The discussion is open again.',
	moderated: 'The post is hidden. Its author sees your reason.',
	restored: 'The post is visible again.'
};
export type Notice = keyof typeof sharedNotices | 'held' | 'reported' | 'hidden' | 'locked';
type Notices = Record<Notice, string>;

const noticeKeys = [
	...Object.keys(sharedNotices),
	'held',
	'reported',
	'hidden',
	'locked'
] as Notice[];
const noticeSchema = z
	.enum(noticeKeys as [Notice, ...Notice[]])
	.optional()
	.catch(undefined);

/** The notice a thread page's `?notice=` names, in the scope's words, or `null`. */
export function readNotice(url: URL, scope: Pick<ThreadScopeKind, 'notices'>): string | null {
	const key = noticeSchema.parse(url.searchParams.get('notice') ?? undefined);
	if (!key) return null;
	const notices: Notices = { ...sharedNotices, ...scope.notices };
	return notices[key];
}

/** `?page=&sort=` of a thread page (anything unreadable falls back to page 1, oldest first). */
export function pageQuery(url: URL) {
	return threadPageQuerySchema.parse({
		page: url.searchParams.get('page') ?? undefined,
		sort: url.searchParams.get('sort') ?? undefined
	});
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
	opened: Pick<OpenThread, 'thread' | 'path'>,
	postId: string,
	sort: SortOrder,
	notice?: Notice
): Promise<string | null> {
	const at = await locatePost(database().db, opened.thread.id, postId.slice(0, 100), sort);
	return at && threadLocation(opened.path, { page: at.page, sort, notice, postId: at.postId });
}
