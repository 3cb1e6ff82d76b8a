import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { can, type Actor } from '$lib/access';
import { moderationCommandSchema, type ModerationAction } from '$lib/discussion';
import { authorize } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import { classIdOfScope, isPublicScope } from '$lib/server/discussion';
import { parseForm } from '$lib/server/forms';
import {
	applyModeration,
	isStudentOf,
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
	const [queue, log] = await Promise.all([
		loadModerationQueue(db, scopes),
		can(actor, 'audit.read') ? listModerationLog(db) : Promise.resolve(null)
	]);
	return {
		queue,
		log,
		scopes: { public: scopes.public, classes: scopes.classIds.length },
		me: actor.id,
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
	suspend: 'The user is suspended: they can read but not post.'
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
		const subject = String(form.get('postId') ?? form.get('threadId') ?? '').slice(0, 100);
		const target = `${action}:${subject}`;
		const values = { reason: String(form.get('reason') ?? '').slice(0, 2_000) };
		const parsed = parseForm(moderationCommandSchema, form);
		if (!parsed.ok) return fail(400, { target, errors: parsed.errors, values });
		const command = parsed.data;
		const { db } = database();

		if (command.action === 'suspend') {
			if (command.userId === actor.id)
				return fail(400, { target, errors: { form: 'You cannot suspend yourself.' }, values });
			if (!can(actor, 'moderation.actPublic')) {
				const teaches = await isStudentOf(db, command.userId, actor.id);
				authorize(event, 'moderation.actClass', { classRelation: teaches ? 'teacher' : null });
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
		if (!result.ok)
			return fail(result.status, { target, errors: { [result.field]: result.message }, values });
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
	suspend: moderate('suspend')
};
