// A thread page, written once for every scope: its load, its permalinks and its form actions.
// The URL names the thread; actions never trust a posted thread id.
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { can } from '../../access';
import {
	checkCanPost,
	editPostSchema,
	idSchema,
	newPostSchema,
	reportSchema,
	suspensionBlock,
	type SortOrder
} from '../../discussion';
import { authorize } from '../auth/actor';
import { database } from '../db';
import { parseForm } from '../forms';
import { applyModeration, moderateFromThread } from '../moderation';
import { findPostInThread, loadThreadPage } from './pages';
import { threadPageCache } from './thread-cache';
import {
	POST_NOT_FOUND,
	createPost,
	deletePost,
	editPost,
	reportPost,
	type Refusal
} from './posts';
import {
	pageQuery,
	postLocation,
	readNotice,
	threadLocation,
	type Notice,
	type OpenThread,
	type ThreadRequest,
	type ThreadScopeKind
} from './scope';

/** Each request's thread page data, once: the page cache's hook asks before the load does. */
const loaded = new WeakMap<ThreadRequest['request'], Promise<unknown>>();

/**
 * The thread page's data: the thread, one page of it, and what the viewer may do. Worked out
 * once per request, whoever asks first (the load, or the hook that keeps rendered pages).
 */
export function threadLoad<Page extends object>(scope: ThreadScopeKind<Page>) {
	const load = threadData(scope);
	return async (event: ThreadRequest): ReturnType<typeof load> => {
		const known = loaded.get(event.request) as ReturnType<typeof load> | undefined;
		if (!known) {
			const data = load(event);
			loaded.set(event.request, data);
			return data;
		}
		await dependOnRequest(event);
		return known;
	};
}

/**
 * What SvelteKit tracks of a load (to know when to run it again after a navigation), touched
 * as the load itself would: data worked out before the load ran, from an event that tracks
 * nothing, still makes the page depend on its URL, its params and the layout above it.
 */
async function dependOnRequest(event: ThreadRequest) {
	void event.url.search;
	const params: Record<string, string> = event.params;
	for (const name in params) void params[name];
	if (event.parent) await event.parent();
}

function threadData<Page extends object>(scope: ThreadScopeKind<Page>) {
	return async (event: ThreadRequest) => {
		const opened = await scope.open(event);
		const { actor, thread, path } = opened;
		const isModerator = moderates(opened);
		const query = pageQuery(event.url);
		// `?post=<id>`: a permalink, sent on to the page and place the post is at.
		const linked = event.url.searchParams.get('post');
		if (linked !== null) redirect(303, await permalink(opened, linked, query.sort));

		const now = new Date();
		const viewer = { userId: actor?.id ?? null, isModerator };
		// The posts every reader shares come from memory while the thread's version is unchanged.
		const threadPage = await loadThreadPage(
			database().db,
			thread,
			viewer,
			query,
			now,
			threadPageCache
		);
		const mayCreate = can(actor, 'post.create');
		const suspended = await scope.suspensions(event, opened);
		const locked = thread.lockedAt !== null;
		const check = mayCreate
			? checkCanPost({ threadLocked: locked, ...suspended, isModerator, now })
			: null;
		return {
			...opened.page,
			prompt: { number: opened.prompt.number, text: opened.prompt.text },
			promptCount: opened.promptCount,
			thread: { id: thread.id, locked },
			path,
			...threadPage,
			mayPost: check?.ok === true,
			mayReport: can(actor, 'post.report') && suspensionBlock(suspended, now) === null,
			blocked: check && !check.ok ? check.message : null,
			signInHref:
				mayCreate || !scope.offersSignIn ? null : `/login?next=${encodeURIComponent(path)}`,
			isModerator,
			notice: readNotice(event.url, scope)
		};
	};
}

/** Whether the viewer moderates this thread (a site moderator; a class's teacher). */
function moderates({ actor, moderation }: OpenThread): boolean {
	return can(actor, moderation.action, moderation.relation);
}

/** Stops anyone who does not moderate this thread, as `authorize` does. */
function authorizeModeration(event: RequestEvent, { moderation }: OpenThread) {
	authorize(event, moderation.action, moderation.relation, moderation.denyStatus);
}

/** A post's permalink: its place on the page of the thread that shows it, or a 404. */
async function permalink(opened: OpenThread, postId: string, sort: SortOrder) {
	const location = await postLocation(opened, postId, sort);
	if (!location) error(404, 'Not found');
	return location;
}

/**
 * The GET of a post's permalink route (`…/post/<id>`): sent on to its place in the thread. An
 * endpoint cannot show the site's error page, so a post that is not there goes to the thread's
 * `?post=` form, whose page answers the 404.
 */
export function threadPermalink(scope: ThreadScopeKind<object>, param: 'id' | 'postId') {
	return async (event: RequestEvent) => {
		const opened = await scope.open(event);
		const postId = (event.params[param] ?? '').slice(0, 100);
		const { sort } = pageQuery(event.url);
		const location = await postLocation(opened, postId, sort);
		redirect(303, location ?? `${opened.path}?${new URLSearchParams({ post: postId, sort })}`);
	};
}

/** A form's raw text, echoed back (as text) when the form is refused. */
function echo(form: FormData, name: string, max = 20_000): string {
	const value = form.get(name);
	return typeof value === 'string' ? value.slice(0, max) : '';
}

function refused(target: string, refusal: Refusal, values: Record<string, string> = {}) {
	return fail(refusal.status, { target, errors: { [refusal.field]: refusal.message }, values });
}

/** After a form went through: to the post, on its page, with a notice. */
async function toPost(event: RequestEvent, opened: OpenThread, postId: string, notice: Notice) {
	const { sort } = pageQuery(event.url);
	const location = await postLocation(opened, postId, sort, notice);
	redirect(303, location ?? threadLocation(opened.path, { page: 1, sort, notice }));
}

const postIdForm = z.object({ postId: idSchema });

/** The post a form names, in this thread; its author decides who may act on it. */
async function namedPost(threadId: string, form: FormData) {
	const parsed = parseForm(postIdForm, form);
	if (!parsed.ok) return null;
	return (await findPostInThread(database().db, threadId, parsed.data.postId)) ?? null;
}

/** The thread page's form actions: posting, replying, editing, deleting, reporting, moderating. */
export function threadActions<Page extends object>(scope: ThreadScopeKind<Page>) {
	/** New top-level posts and replies: one rule set, two forms. */
	async function write(event: RequestEvent, isReply: boolean) {
		const opened = await scope.open(event);
		const actor = authorize(event, 'post.create')!;
		const form = await event.request.formData();
		const target = isReply ? `reply:${echo(form, 'parentId', 100)}` : 'post';
		const values = { body: echo(form, 'body') };
		const parsed = parseForm(newPostSchema, form);
		if (!parsed.ok) {
			const { parentId, ...errors } = parsed.errors;
			const all = parentId ? { form: parentId, ...errors } : errors;
			return fail(400, { target, errors: all, values });
		}
		if (isReply && !parsed.data.parentId)
			return fail(400, { target, errors: { form: POST_NOT_FOUND }, values });
		const result = await createPost(database().db, {
			threadId: opened.thread.id,
			authorId: actor.id,
			isModerator: moderates(opened),
			body: parsed.data.body,
			parentId: isReply ? parsed.data.parentId : undefined
		});
		if (!result.ok) return refused(target, result, values);
		const notice = result.status === 'held' ? 'held' : isReply ? 'replied' : 'posted';
		return toPost(event, opened, result.postId, notice);
	}

	/** Edits and deletions: the author's own post, in this thread. */
	async function change(event: RequestEvent, kind: 'edit' | 'delete') {
		const opened = await scope.open(event);
		authorize(event, 'post.create');
		const form = await event.request.formData();
		const post = await namedPost(opened.thread.id, form);
		const target = `${kind}:${echo(form, 'postId', 100)}`;
		const values = kind === 'edit' ? { body: echo(form, 'body') } : undefined;
		if (!post) return fail(404, { target, errors: { form: POST_NOT_FOUND }, values });
		const actor = authorize(event, `post.${kind}`, { ownerId: post.authorId })!;
		const ids = { threadId: opened.thread.id, postId: post.id, userId: actor.id };
		let result;
		if (kind === 'edit') {
			const parsed = parseForm(editPostSchema, form);
			if (!parsed.ok) return fail(400, { target, errors: parsed.errors, values });
			result = await editPost(database().db, { ...ids, body: parsed.data.body });
		} else result = await deletePost(database().db, ids);
		if (!result.ok) return refused(target, result, values);
		return toPost(event, opened, post.id, kind === 'edit' ? 'edited' : 'deleted');
	}

	async function fileReport(event: RequestEvent) {
		const opened = await scope.open(event);
		const actor = authorize(event, 'post.report')!;
		const form = await event.request.formData();
		const target = `report:${echo(form, 'postId', 100)}`;
		const values = { reason: echo(form, 'reason', 40), note: echo(form, 'note', 2_000) };
		const parsed = parseForm(reportSchema, form);
		if (!parsed.ok) return fail(400, { target, errors: parsed.errors, values });
		const result = await reportPost(database().db, {
			threadId: opened.thread.id,
			reporterId: actor.id,
			report: parsed.data
		});
		if (!result.ok) return refused(target, result, values);
		return toPost(event, opened, parsed.data.postId, result.hidden ? 'hidden' : 'reported');
	}

	async function setLock(event: RequestEvent, action: 'lock' | 'unlock') {
		const opened = await scope.open(event);
		authorizeModeration(event, opened);
		const command = { action, threadId: opened.thread.id };
		const result = await applyModeration(database().db, event.locals.user!, command);
		if (!result.ok) return refused('lock', result);
		const { sort } = pageQuery(event.url);
		const notice = action === 'lock' ? 'locked' : 'unlocked';
		redirect(303, threadLocation(opened.path, { page: 1, sort, notice }));
	}

	/** Hide or restore a post in place, by this thread's moderators. */
	async function moderate(event: RequestEvent, action: 'hide' | 'restore') {
		const opened = await scope.open(event);
		authorizeModeration(event, opened);
		const form = await event.request.formData();
		const { db } = database();
		const outcome = await moderateFromThread(
			db,
			event.locals.user!,
			opened.thread.id,
			action,
			form
		);
		if (!outcome.ok) {
			const { target, errors, values } = outcome;
			return fail(outcome.status, { target, errors, values });
		}
		return toPost(event, opened, outcome.postId, action === 'hide' ? 'moderated' : 'restored');
	}

	return {
		post: (event: RequestEvent) => write(event, false),
		reply: (event: RequestEvent) => write(event, true),
		edit: (event: RequestEvent) => change(event, 'edit'),
		delete: (event: RequestEvent) => change(event, 'delete'),
		report: fileReport,
		lock: (event: RequestEvent) => setLock(event, 'lock'),
		unlock: (event: RequestEvent) => setLock(event, 'unlock'),
		hide: (event: RequestEvent) => moderate(event, 'hide'),
		restore: (event: RequestEvent) => moderate(event, 'restore')
	};
}
