import { suspensionRefusal } from '$lib/access/suspension';
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { can, type Actor } from '$lib/access';
import { maySuspend } from '$lib/access/suspension';
import { moderationCommandSchema, type ModerationAction } from '$lib/discussion';
import { authorize } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import { classIdOfScope, isPublicScope } from '$lib/discussion/scope';
import { parseForm, refused } from '$lib/server/forms';
import {
	applyModeration,
	checkSuspension,
	listActiveSuspensions,
	listModerationLog,
	loadModerationQueue,
	moderationTargetScope,
	taughtClassIds,
	type ModerationScopes
} from '$lib/server/moderation';
import type { Actions, PageServerLoad } from './$types';

/** The threads `actor` moderates: public ones if their role allows, and their classes'. */
async function scopesOf(actor: Actor): Promise<ModerationScopes> {
	const classIds = can(actor, 'moderation.actClass', { classRelation: 'teacher' })
		? await taughtClassIds(database().db, actor.id)
		: [];
	return { public: can(actor, 'moderation.actPublic'), classIds };
}

export const load: PageServerLoad = async (event) => {
	const actor = authorize(event, 'moderation.view')!;
	const { db } = database();
	const scopes = await scopesOf(actor);
	const now = new Date();
	const [queue, suspensions, log] = await Promise.all([
		loadModerationQueue(db, scopes),
		listActiveSuspensions(db, scopes, now),
		can(actor, 'audit.read') ? listModerationLog(db) : Promise.resolve(null)
	]);
	// Who may suspend whom: the rank rule, per author and per suspension (the form shows only
	// where the server would act; the actions check again).
	const mayAct = (
		target: { id: string; role: Actor['role'] },
		classId: string | null,
		verb: 'suspend' | 'lift'
	) =>
		maySuspend(
			actor,
			{ ...target, isGuest: false },
			classId
				? { kind: 'class', actorRelation: 'teacher', targetIsMember: true }
				: { kind: 'site' },
			verb
		).ok &&
		(classId === null || scopes.classIds.includes(classId));
	return {
		queue: queue.map((item) => ({
			...item,
			maySuspend:
				item.post.authorId !== null &&
				item.post.authorRole !== null &&
				mayAct(
					{ id: item.post.authorId, role: item.post.authorRole },
					item.thread.classId,
					'suspend'
				)
		})),
		suspensions: suspensions.map((s) => ({
			...s,
			mayLift: mayAct({ id: s.userId, role: s.role }, s.classId, 'lift')
		})),
		log,
		scopes: { public: scopes.public, classes: scopes.classIds.length },
		done: doneMessage(event.url.searchParams.get('done'))
	};
};

const doneMessages: Record<ModerationAction, string> = {
	hide: 'The post is hidden. Its author sees your reason.',
	restore: 'The post is visible again.',
	dismiss: 'The reports are dismissed.',
	approve: 'The post is approved and visible to everyone.',
	lock: 'The discussion is locked.',
	unlock: 'The discussion is open again.',
	suspend: 'The user is suspended: they can read but not post.',
	lift: 'The suspension is lifted: they can post again.'
};

function doneMessage(value: string | null): string | null {
	return value && value in doneMessages ? doneMessages[value as ModerationAction] : null;
}

/** Every moderation form: parse, find where it acts, check the actor may act there, act. */
function moderate(action: ModerationAction) {
	return async (event: RequestEvent) => {
		const actor = authorize(event, 'moderation.view')!;
		const form = await event.request.formData();
		form.set('action', action);
		const subject = String(
			form.get('postId') ?? form.get('threadId') ?? form.get('userId') ?? ''
		).slice(0, 100);
		const target = `${action}:${subject}`;
		const values = { reason: String(form.get('reason') ?? '').slice(0, 2_000) };
		const parsed = parseForm(moderationCommandSchema, form);
		if (!parsed.ok) return fail(400, { target, errors: parsed.errors, values });
		const command = parsed.data;
		const { db } = database();

		if (command.action === 'suspend' || command.action === 'lift') {
			const decision = await checkSuspension(db, actor, command);
			if (!decision.ok) {
				if (decision.reason === 'access') error(403, 'You do not have access to this page.');
				return refused(suspensionRefusal(decision), { target, values });
			}
		} else {
			const scope = await moderationTargetScope(db, command);
			if (scope === null)
				return fail(404, { target, errors: { form: 'This post or discussion is gone.' }, values });
			if (isPublicScope(scope)) authorize(event, 'moderation.actPublic');
			else {
				const taught = await taughtClassIds(db, actor.id);
				const teaches = taught.includes(classIdOfScope(scope) ?? '');
				authorize(event, 'moderation.actClass', { classRelation: teaches ? 'teacher' : null });
			}
		}

		const result = await applyModeration(db, event.locals.user!, command);
		if (!result.ok) return refused(result, { target, values });
		redirect(303, `/moderation?done=${action}`);
	};
}

export const actions: Actions = {
	hide: moderate('hide'),
	restore: moderate('restore'),
	dismiss: moderate('dismiss'),
	approve: moderate('approve'),
	lock: moderate('lock'),
	unlock: moderate('unlock'),
	suspend: moderate('suspend'),
	lift: moderate('lift')
};
