import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { listRoster, removeStudent } from '$lib/server/classroom';
import { database } from '$lib/server/db';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { courseOfClass, syncClassRoster } from '$lib/server/lti/provision';
import { changeable, noticeOf, teacherRoom } from '../room.server';
import type { Actions, PageServerLoad } from './$types';

const notices = {
	removed: 'The student is no longer in this class.',
	synced: 'The roster is synced from the LMS.'
};

export const load: PageServerLoad = async (event) => {
	const { cls } = await teacherRoom(event.parent);
	const { db } = database();
	const [roster, course] = await Promise.all([listRoster(db, cls.id), courseOfClass(db, cls.id)]);
	return {
		notice: noticeOf(event.url, notices),
		roster,
		lms: course
			? {
					syncable: course.membershipsUrl !== null,
					syncedAt: course.rosterSyncedAt,
					error: course.rosterError
				}
			: null
	};
};

const studentForm = z.object({ userId: z.uuid('Choose a student from the list.') });

export const actions: Actions = {
	syncRoster: async (event) => {
		const { cls, refused } = await changeable(event);
		if (refused) return refused;
		const synced = await syncClassRoster(database().db, cls.id);
		if (!synced.ok)
			return fail(synced.status, {
				errors: { form: synced.message } as FieldErrors,
				values: {}
			});
		redirect(303, `/classes/${cls.id}/students?notice=synced`);
	},
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
