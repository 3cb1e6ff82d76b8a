import { fail, redirect } from '@sveltejs/kit';
import { can } from '$lib/access';
import { classInputSchema, formatJoinCode } from '$lib/classroom';
import { authorize } from '$lib/server/auth/actor';
import {
	createClass,
	listJoinedClasses,
	listTaughtClasses,
	timeZoneOptions
} from '$lib/server/classroom';
import { database } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	// The classes listed are the viewer's own: any signed-in account may look at its list.
	const actor = authorize(event, 'account.manage', { ownerId: event.locals.user?.id })!;
	const { db } = database();
	const mayCreate = can(actor, 'class.create');
	const [taught, joined] = await Promise.all([
		mayCreate ? listTaughtClasses(db, actor.id) : [],
		listJoinedClasses(db, actor.id)
	]);
	return {
		taught: taught.map((c) => ({ ...c, joinCode: c.joinCode && formatJoinCode(c.joinCode) })),
		joined,
		mayCreate,
		mayJoin: can(actor, 'class.join'),
		timeZones: mayCreate ? timeZoneOptions() : []
	};
};

export const actions: Actions = {
	create: async (event) => {
		const actor = authorize(event, 'class.create')!;
		const form = await event.request.formData();
		const values = {
			name: String(form.get('name') ?? '').slice(0, 200),
			description: String(form.get('description') ?? '').slice(0, 2000),
			timeZone: String(form.get('timeZone') ?? '').slice(0, 64)
		};
		const parsed = parseForm(classInputSchema, form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
		const id = await createClass(database().db, actor.id, parsed.data);
		redirect(303, `/classes/${id}?notice=created`);
	}
};
