import { error, type RequestEvent } from '@sveltejs/kit';
import { mayResetInClass } from '$lib/access/password-reset';
import { openClass } from '$lib/server/classroom-access';
import { database } from '$lib/server/db';
import { refused } from '$lib/server/forms';
import { findResetAccount, isClassMember, resetByStaff } from '$lib/server/password-reset';
import type { Actions, PageServerLoad } from './$types';

/**
 * The class's teacher and a learner of that class, or the same 404 as for a class or student
 * that does not exist (anyone else, another teacher's class, a teacher or admin in the class).
 */
async function openStudent(event: RequestEvent<{ id: string; studentId: string }>) {
	const { actor, cls } = await openClass(event, event.params.id, 'class.manage');
	const { db } = database();
	const student = await findResetAccount(db, event.params.studentId);
	const member = student ? await isClassMember(db, cls.id, student.id) : false;
	if (!mayResetInClass(actor, student, member)) error(404, 'Not found');
	return { actor, cls, student: student! };
}

export const load: PageServerLoad = async (event) => {
	const { cls, student } = await openStudent(event);
	return {
		cls: { id: cls.id, name: cls.name },
		student: { displayName: student.displayName, login: student.login },
		loginUrl: `${event.url.origin}/login`
	};
};

export const actions: Actions = {
	/** A new one-time password, shown in this response only (for the printed slip). */
	reset: async (event) => {
		const { actor, cls, student } = await openStudent(event);
		const result = await resetByStaff(
			database().db,
			{ id: actor.id, displayName: event.locals.user!.displayName },
			student.id,
			{ classId: cls.id }
		);
		if (!result.ok) return refused(result);
		return { slip: { oneTimePassword: result.oneTimePassword } };
	}
};
