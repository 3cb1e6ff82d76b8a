import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { can } from '$lib/access';
import {
	checkCanPost,
	editPostSchema,
	idSchema,
	newPostSchema,
	reportSchema,
	suspensionBlock
} from '$lib/discussion';
import { actorOf, authorize } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import {
	createPost,
	deletePost,
	editPost,
	findPostInThread,
	loadThreadPage,
	locatePost,
	reportPost,
	type Refusal
} from '$lib/server/discussion';
import { parseForm } from '$lib/server/forms';
import { applyModeration, moderateFromThread } from '$lib/server/moderation';
import {
	articleFromUrl,
	openPublicThread,
	pageQuery,
	postLocation,
	readNotice,
	threadLocation,
	type Notice
} from './thread.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'thread.read');
	const { article } = await event.parent();
	const { prompt, thread, path } = await openPublicThread(article, event.params.n);
	const { db } = database();
	const query = pageQuery(event.url);

	// `?post=<id>`: a permalink, sent on to the page and place the post is at.
	const linked = event.url.searchParams.get('post');
	if (linked !== null) {
		const at = await locatePost(db, thread.id, linked.slice(0, 100), query.sort);
		if (!at) error(404, 'Not found');
		redirect(303, threadLocation(path, { page: at.page, sort: query.sort, postId: at.postId }));
	}

	const actor = actorOf(event.locals.user);
	const isModerator = can(actor, 'moderation.actPublic');
	const now = new Date();
	const threadPage = await loadThreadPage(
		db,
		thread,
		{ userId: actor?.id ?? null, isModerator },
		query,
		now
	);
	const mayCreate = can(actor, 'post.create');
	// A public thread: only a site-wide suspension counts (a class's stays in its class).
	const suspended = { suspendedUntil: event.locals.user?.suspendedUntil ?? null };
	const check = mayCreate
		? checkCanPost({ threadLocked: thread.lockedAt !== null, ...suspended, isModerator, now })
		: null;
	return {
		prompt: { number: prompt.number, text: prompt.text },
		promptCount: article.prompts.length,
		thread: { id: thread.id, locked: thread.lockedAt !== null },
		path,
		...threadPage,
		mayPost: check?.ok === true,
		mayReport: can(actor, 'post.report') && suspensionBlock(suspended, now) === null,
		blocked: check && !check.ok ? check.message : null,
		signInHref: mayCreate ? null : `/login?next=${encodeURIComponent(path)}`,
		isModerator,
		notice: readNotice(event.url)
	};
};

/** The thread the URL names: actions never trust a posted thread id. */
async function threadOf(event: RequestEvent) {
	const article = await articleFromUrl(event.params.article!);
	return openPublicThread(article, event.params.n!);
}

/** A form's raw text, echoed back (as text) when the form is refused. */
function echo(form: FormData, name: string, max = 20_000): string {
	const value = form.get(name);
	return typeof value === 'string' ? value.slice(0, max) : '';
}

function refused(target: string, refusal: Refusal, values: Record<string, string> = {}) {
	return fail(refusal.status, {
		target,
		errors: { [refusal.field]: refusal.message },
		values
	});
}

/** After a form went through: to the post, on its page, with a notice. */
async function toPost(
	event: RequestEvent,
	thread: { threadId: string; path: string },
	postId: string,
	notice: Notice
): Promise<never> {
	const { sort } = pageQuery(event.url);
	const location = await postLocation(thread.threadId, thread.path, postId, sort, notice);
	redirect(303, location ?? threadLocation(thread.path, { page: 1, sort, notice }));
}

/** New top-level posts and replies: one rule set, two forms. */
async function write(event: RequestEvent, isReply: boolean) {
	const { thread, path } = await threadOf(event);
	const actor = authorize(event, 'post.create')!;
	const form = await event.request.formData();
	const target = isReply ? `reply:${echo(form, 'parentId', 100)}` : 'post';
	const values = { body: echo(form, 'body') };
	const parsed = parseForm(newPostSchema, form);
	if (!parsed.ok) {
		const { parentId, ...errors } = parsed.errors;
		return fail(400, { target, errors: parentId ? { form: parentId, ...errors } : errors, values });
	}
	if (isReply && !parsed.data.parentId)
		return fail(400, { target, errors: { form: GONE }, values });
	const result = await createPost(database().db, {
		threadId: thread.id,
		authorId: actor.id,
		isModerator: can(actor, 'moderation.actPublic'),
		body: parsed.data.body,
		parentId: isReply ? parsed.data.parentId : undefined
	});
	if (!result.ok) return refused(target, result, values);
	const notice = result.status === 'held' ? 'held' : isReply ? 'replied' : 'posted';
	return toPost(event, { threadId: thread.id, path }, result.postId, notice);
}

const postIdForm = z.object({ postId: idSchema });

/** The post a form names, in this thread; its author decides who may act on it. */
async function ownPost(event: RequestEvent, threadId: string, form: FormData) {
	const parsed = parseForm(postIdForm, form);
	if (!parsed.ok) return null;
	return (await findPostInThread(database().db, threadId, parsed.data.postId)) ?? null;
}

const GONE = 'That post is not in this discussion any more.';

export const actions: Actions = {
	post: (event) => write(event, false),
	reply: (event) => write(event, true),

	edit: async (event) => {
		const { thread, path } = await threadOf(event);
		authorize(event, 'post.create');
		const form = await event.request.formData();
		const post = await ownPost(event, thread.id, form);
		const target = `edit:${echo(form, 'postId', 100)}`;
		const values = { body: echo(form, 'body') };
		if (!post) return fail(404, { target, errors: { form: GONE }, values });
		const actor = authorize(event, 'post.edit', { ownerId: post.authorId })!;
		const parsed = parseForm(editPostSchema, form);
		if (!parsed.ok) return fail(400, { target, errors: parsed.errors, values });
		const result = await editPost(database().db, {
			threadId: thread.id,
			postId: post.id,
			userId: actor.id,
			body: parsed.data.body
		});
		if (!result.ok) return refused(target, result, values);
		return toPost(event, { threadId: thread.id, path }, post.id, 'edited');
	},

	delete: async (event) => {
		const { thread, path } = await threadOf(event);
		authorize(event, 'post.create');
		const form = await event.request.formData();
		const post = await ownPost(event, thread.id, form);
		const target = `delete:${echo(form, 'postId', 100)}`;
		if (!post) return fail(404, { target, errors: { form: GONE } });
		const actor = authorize(event, 'post.delete', { ownerId: post.authorId })!;
		const result = await deletePost(database().db, {
			threadId: thread.id,
			postId: post.id,
			userId: actor.id
		});
		if (!result.ok) return refused(target, result);
		return toPost(event, { threadId: thread.id, path }, post.id, 'deleted');
	},

	report: async (event) => {
		const { thread, path } = await threadOf(event);
		const actor = authorize(event, 'post.report')!;
		const form = await event.request.formData();
		const target = `report:${echo(form, 'postId', 100)}`;
		const values = { reason: echo(form, 'reason', 40), note: echo(form, 'note', 2_000) };
		const parsed = parseForm(reportSchema, form);
		if (!parsed.ok) return fail(400, { target, errors: parsed.errors, values });
		const result = await reportPost(database().db, {
			threadId: thread.id,
			reporterId: actor.id,
			report: parsed.data
		});
		if (!result.ok) return refused(target, result, values);
		const notice = result.hidden ? 'hidden' : 'reported';
		return toPost(event, { threadId: thread.id, path }, parsed.data.postId, notice);
	},

	lock: (event) => setLock(event, 'lock'),
	unlock: (event) => setLock(event, 'unlock'),
	hide: (event) => moderatePostHere(event, 'hide'),
	restore: (event) => moderatePostHere(event, 'restore')
};

/** Hide or restore a post in place: a site moderator, in a public thread. */
async function moderatePostHere(event: RequestEvent, action: 'hide' | 'restore') {
	const { thread, path } = await threadOf(event);
	authorize(event, 'moderation.actPublic');
	const outcome = await moderateFromThread(
		database().db,
		event.locals.user!,
		thread.id,
		action,
		await event.request.formData()
	);
	if (!outcome.ok) {
		const { target, errors, values } = outcome;
		return fail(outcome.status, { target, errors, values });
	}
	const notice = action === 'hide' ? 'moderated' : 'restored';
	return toPost(event, { threadId: thread.id, path }, outcome.postId, notice);
}

async function setLock(event: RequestEvent, action: 'lock' | 'unlock') {
	const { thread, path } = await threadOf(event);
	authorize(event, 'moderation.actPublic');
	const moderator = event.locals.user!;
	const result = await applyModeration(database().db, moderator, { action, threadId: thread.id });
	if (!result.ok) return refused('lock', result);
	const { sort } = pageQuery(event.url);
	redirect(
		303,
		threadLocation(path, { page: 1, sort, notice: action === 'lock' ? 'locked' : 'unlocked' })
	);
}
