import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { classInputSchema } from '$lib/classroom';
import {
	archiveClass,
	deleteClass,
	handOverClass,
	timeZoneOptions,
	updateClass
} from '$lib/server/classroom';
import { database } from '$lib/server/db';
import { echo, parseForm } from '$lib/server/forms';
import { changeable, managed, noticeOf, teacherRoom } from '../room.server';
import type { Actions, PageServerLoad } from './$types';

const notices = { settings: 'The class settings are saved.' };

export const load: PageServerLoad = async (event) => {
	await teacherRoom(event.parent);
	return { notice: noticeOf(event.url, notices), timeZones: timeZoneOptions() };
};

const confirmDelete = z.object({
	confirm: z.literal('on', { error: 'Tick the box to confirm that the class should be deleted.' })
});
const confirmArchive = z.object({
	confirm: z.literal('on', { error: 'Tick the box to confirm that the class should be archived.' })
});
const handOverForm = z.object({
	receiver: z
		.string({ error: 'Enter the e-mail address or username of the teacher.' })
		.trim()
		.min(1, 'Enter the e-mail address or username of the teacher.')
		.max(254, 'An e-mail address or username has at most 254 characters.'),
	confirm: z.literal('on', { error: 'Tick the box to confirm that you hand the class over.' })
});

// Each form's refusal comes back under its own name: four forms share this page.
export const actions: Actions = {
	settings: async (event) => {
		const { cls, refused } = await changeable(event);
		if (refused) return refused;
		const form = await event.request.formData();
		const parsed = parseForm(classInputSchema, form);
		if (!parsed.ok) {
			const values = echo(form, ['name', 'description', 'timeZone']);
			return fail(400, { settings: { errors: parsed.errors, values } });
		}
		await updateClass(database().db, cls.id, parsed.data);
		redirect(303, `/classes/${cls.id}/settings?notice=settings`);
	},

	delete: async (event) => {
		const { cls } = await managed(event);
		const parsed = parseForm(confirmDelete, await event.request.formData());
		if (!parsed.ok) return fail(400, { delete: { errors: parsed.errors } });
		await deleteClass(database().db, cls.id);
		redirect(303, '/classes');
	},

	/** Read-only from now on: no joins, assignments, posts or roster changes; results stay. */
	archive: async (event) => {
		const { cls } = await managed(event);
		// An archived class shows no archive form: the message goes to the top of the page.
		const alreadyArchived = () =>
			fail(409, { errors: { form: 'This class is archived already.' }, values: {} });
		if (cls.archivedAt) return alreadyArchived();
		const parsed = parseForm(confirmArchive, await event.request.formData());
		if (!parsed.ok) return fail(400, { archive: { errors: parsed.errors } });
		if (!(await archiveClass(database().db, cls.id))) return alreadyArchived();
		redirect(303, `/classes/${cls.id}?notice=archived`);
	},

	/** Another teacher becomes the class's teacher; the giver loses access (audited). */
	handOver: async (event) => {
		const { actor, cls } = await managed(event);
		const form = await event.request.formData();
		const values = echo(form, ['receiver']);
		const parsed = parseForm(handOverForm, form);
		if (!parsed.ok) return fail(400, { handOver: { errors: parsed.errors, values } });
		const result = await handOverClass(database().db, {
			classId: cls.id,
			from: { id: actor.id, displayName: event.locals.user!.displayName },
			receiver: parsed.data.receiver
		});
		if (!result.ok) {
			return fail(result.status, {
				handOver: { errors: { [result.field]: result.message }, values }
			});
		}
		redirect(303, '/classes?handedOver=1');
	}
};
