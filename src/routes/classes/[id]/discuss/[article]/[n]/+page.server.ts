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
import { authorize } from '$lib/server/auth/actor';
import { openClass } from '$lib/server/classroom-access';
import {
	classPostLocation,
	classThreadLocation,
	openClassThread,
	readClassThreadNotice,
	threadPageQuery,
	type ClassThread,
	type ClassThreadNotice
} from '$lib/server/classroom-discussion';
import { database } from '$lib/server/db';
import {
	POST_NOT_FOUND,
	createPost,
	deletePost,
	editPost,
	findPostInThread,
	loadThreadPage,
	locatePost,
	reportPost,
	suspensionsIn,
	type Refusal
} from '$lib/server/discussion';
import { parseForm } from '$lib/server/forms';
import { applyModeration, moderateFromThread } from '$lib/server/moderation';
import type { Actions, PageServerLoad } from './$types';

/**
 * The class thread the URL names, for the class alone (anyone else: 404), with whether the
 * viewer moderates it (the class's teacher does).
 */
async function openThread(event: RequestEvent) {
	const opened = await openClass(event, event.params.id!, 'class.view');
	const thread = await openClassThread(
		database().db,
		opened.cls.id,
		event.params.article!,
		event.params.n!
	);
	if (!thread) error(404, 'Not found');
	const isModerator = can(opened.actor, 'moderation.actClass', { classRelation: opened.relation });
	return { ...opened, thread, isModerator };
}

export const load: PageServerLoad = async (event) => {
	const { actor, cls, thread, isModerator } = await openThread(event);
	const { db } = database();
	const query = threadPageQuery(event.url);

	const linked = event.url.searchParams.get('post');
	if (linked !== null) {
		const at = await locatePost(db, thread.thread.id, linked.slice(0, 100), query.sort);
		if (!at) error(404, 'Not found');
		redirect(
			303,
			classThreadLocation(thread.path, { page: at.page, sort: query.sort, postId: at.postId })
		);
	}

	const now = new Date();
	const page = await loadThreadPage(
		db,
		thread.thread,
		{ userId: actor.id, isModerator },
		query,
		now
	);
	const mayCreate = can(actor, 'post.create');
	// A class thread: the site-wide suspension and the one this class's teacher set.
	const suspended = await suspensionsIn(db, actor.id, thread.thread.scope);
	const check = mayCreate
		? checkCanPost({
				threadLocked: thread.thread.lockedAt !== null,
				...suspended,
				isModerator,
				now
			})
		: null;
	return {
		cls: { id: cls.id, name: cls.name, timeZone: cls.timeZone },
		article: thread.article,
		prompt: { number: thread.prompt.number, text: thread.prompt.text },
		promptCount: thread.promptCount,
		thread: { id: thread.thread.id, locked: thread.thread.lockedAt !== null },
		path: thread.path,
		...page,
		mayPost: check?.ok === true,
		mayReport: can(actor, 'post.report') && suspensionBlock(suspended, now) === null,
		blocked: check && !check.ok ? check.message : null,
		isModerator,
		notice: readClassThreadNotice(event.url)
	};
};

/** A form's raw text, echoed back (as text) when the form is refused. */
function echo(form: FormData, name: string, max = 20_000): string {
	const value = form.get(name);
	return typeof value === 'string' ? value.slice(0, max) : '';
}

function refused(target: string, refusal: Refusal, values: Record<string, string> = {}) {
	return fail(refusal.status, { target, errors: { [refusal.field]: refusal.message }, values });
}

/** After a form went through: to the post, on its page, with a notice. */
async function toPost(
	event: RequestEvent,
	thread: ClassThread,
	postId: string,
	notice: ClassThreadNotice
): Promise<never> {
	const { sort } = threadPageQuery(event.url);
	const location = await classPostLocation(database().db, thread, postId, sort, notice);
	redirect(303, location ?? classThreadLocation(thread.path, { page: 1, sort, notice }));
}

/** New top-level posts and replies: one rule set, two forms. */
async function write(event: RequestEvent, isReply: boolean) {
	const { thread, isModerator } = await openThread(event);
	const actor = authorize(event, 'post.create')!;
	const form = await event.request.formData();
	const target = isReply ? `reply:${echo(form, 'parentId', 100)}` : 'post';
	const values = { body: echo(form, 'body') };
	const parsed = parseForm(newPostSchema, form);
	if (!parsed.ok) {
		const { parentId, ...errors } = parsed.errors;
		return fail(400, { target, errors: parentId ? { form: parentId, ...errors } : errors, values });
	}
	if (isReply && !parsed.data.parentId) {
		return fail(400, { target, errors: { form: POST_NOT_FOUND }, values });
	}
	const result = await createPost(database().db, {
		threadId: thread.thread.id,
		authorId: actor.id,
		isModerator,
		body: parsed.data.body,
		parentId: isReply ? parsed.data.parentId : undefined
	});
	if (!result.ok) return refused(target, result, values);
	const notice = result.status === 'held' ? 'held' : isReply ? 'replied' : 'posted';
	return toPost(event, thread, result.postId, notice);
}

const postIdForm = z.object({ postId: idSchema });

/** The post a form names, in this thread. */
async function namedPost(threadId: string, form: FormData) {
	const parsed = parseForm(postIdForm, form);
	if (!parsed.ok) return null;
	return (await findPostInThread(database().db, threadId, parsed.data.postId)) ?? null;
}

async function setLock(event: RequestEvent, action: 'lock' | 'unlock') {
	const { thread, relation } = await openThread(event);
	authorize(event, 'moderation.actClass', { classRelation: relation }, 404);
	const result = await applyModeration(database().db, event.locals.user!, {
		action,
		threadId: thread.thread.id
	});
	if (!result.ok) return refused('lock', result);
	const { sort } = threadPageQuery(event.url);
	redirect(
		303,
		classThreadLocation(thread.path, {
			page: 1,
			sort,
			notice: action === 'lock' ? 'locked' : 'unlocked'
		})
	);
}

/** Hide or restore a post in place: the class's teacher, in their class's thread. */
async function moderatePostHere(event: RequestEvent, action: 'hide' | 'restore') {
	const { thread, relation } = await openThread(event);
	authorize(event, 'moderation.actClass', { classRelation: relation }, 404);
	const outcome = await moderateFromThread(
		database().db,
		event.locals.user!,
		thread.thread.id,
		action,
		await event.request.formData()
	);
	if (!outcome.ok) {
		const { target, errors, values } = outcome;
		return fail(outcome.status, { target, errors, values });
	}
	return toPost(event, thread, outcome.postId, action === 'hide' ? 'moderated' : 'restored');
}

export const actions: Actions = {
	post: (event) => write(event, false),
	reply: (event) => write(event, true),

	edit: async (event) => {
		const { thread } = await openThread(event);
		authorize(event, 'post.create');
		const form = await event.request.formData();
		const post = await namedPost(thread.thread.id, form);
		const target = `edit:${echo(form, 'postId', 100)}`;
		const values = { body: echo(form, 'body') };
		if (!post) return fail(404, { target, errors: { form: POST_NOT_FOUND }, values });
		const actor = authorize(event, 'post.edit', { ownerId: post.authorId })!;
		const parsed = parseForm(editPostSchema, form);
		if (!parsed.ok) return fail(400, { target, errors: parsed.errors, values });
		const result = await editPost(database().db, {
			threadId: thread.thread.id,
			postId: post.id,
			userId: actor.id,
			body: parsed.data.body
		});
		if (!result.ok) return refused(target, result, values);
		return toPost(event, thread, post.id, 'edited');
	},

	delete: async (event) => {
		const { thread } = await openThread(event);
		authorize(event, 'post.create');
		const form = await event.request.formData();
		const post = await namedPost(thread.thread.id, form);
		const target = `delete:${echo(form, 'postId', 100)}`;
		if (!post) return fail(404, { target, errors: { form: POST_NOT_FOUND } });
		const actor = authorize(event, 'post.delete', { ownerId: post.authorId })!;
		const result = await deletePost(database().db, {
			threadId: thread.thread.id,
			postId: post.id,
			userId: actor.id
		});
		if (!result.ok) return refused(target, result);
		return toPost(event, thread, post.id, 'deleted');
	},

	report: async (event) => {
		const { thread } = await openThread(event);
		const actor = authorize(event, 'post.report')!;
		const form = await event.request.formData();
		const target = `report:${echo(form, 'postId', 100)}`;
		const values = { reason: echo(form, 'reason', 40), note: echo(form, 'note', 2_000) };
		const parsed = parseForm(reportSchema, form);
		if (!parsed.ok) return fail(400, { target, errors: parsed.errors, values });
		const result = await reportPost(database().db, {
			threadId: thread.thread.id,
			reporterId: actor.id,
			report: parsed.data
		});
		if (!result.ok) return refused(target, result, values);
		return toPost(event, thread, parsed.data.postId, result.hidden ? 'hidden' : 'reported');
	},

	lock: (event) => setLock(event, 'lock'),
	unlock: (event) => setLock(event, 'unlock'),
	hide: (event) => moderatePostHere(event, 'hide'),
	restore: (event) => moderatePostHere(event, 'restore')
};
