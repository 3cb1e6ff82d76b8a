import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { listRoster, removeStudent } from '$lib/server/classroom';
import { database } from '$lib/server/db';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { changeable, noticeOf, teacherRoom } from '../room.server';
import type { Actions, PageServerLoad } from './$types';

const notices = { removed: 'The student is no longer in this class.' };

export const load: PageServerLoad = async (event) => {
	const { cls } = await teacherRoom(event.parent);
	return {
		notice: noticeOf(event.url, notices),
		roster: await listRoster(database().db, cls.id)
	};
};

const studentForm = z.object({ userId: z.uuid('Choose a student from the list.') });

export const actions: Actions = {
	removeStudent: async (event) => {
		const { cls, refused } = await changeable(event);
		if (refused) return refused;
		const parsed = parseForm(studentForm, await event.request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: {} });
		const removed = await removeStudent(database().db, cls.id, parsed.data.userId);
		if (!removed) {
			return fail(404, {
				errors: { form: 'That student is not in this class any more.' } as FieldErrors,
				values: {}
			});
		}
		redirect(303, `/classes/${cls.id}/students?notice=removed`);
	}
};
