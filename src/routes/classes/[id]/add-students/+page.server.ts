import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { MAX_ROSTER_NAMES, rosterNamesSchema } from '$lib/classroom';
import { retryMessage } from '$lib/server/auth/rate-limit';
import { CLASS_ARCHIVED, addStudentsInBulk, reserveBulkAdd } from '$lib/server/classroom';
import { openClass } from '$lib/server/classroom-access';
import { database } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	// Also runs after the form action (a POST): reading an archived class is always fine.
	const { cls } = await openClass(event, event.params.id, 'class.manage', { whileArchived: true });
	return {
		cls: { id: cls.id, name: cls.name },
		archived: cls.archivedAt !== null,
		maxNames: MAX_ROSTER_NAMES,
		loginUrl: `${event.url.origin}/login`
	};
};

const namesForm = z.object({ names: rosterNamesSchema });

export const actions: Actions = {
	/**
	 * Creates the accounts and answers with the sheet of usernames and one-time passwords. The
	 * passwords exist only in this response: they are never stored or shown again.
	 */
	add: async (event) => {
		const { actor, cls } = await openClass(event, event.params.id, 'class.manage', {
			whileArchived: true
		});
		const form = await event.request.formData();
		const raw = form.get('names');
		const values = { names: typeof raw === 'string' ? raw.slice(0, 50_000) : '' };
		const refuse = (status: number, message: string) =>
			fail(status, { errors: { names: message }, problems: [] as string[], values });
		const parsed = parseForm(namesForm, form);
		if (!parsed.ok) {
			return fail(400, {
				errors: parsed.errors,
				// Every problem with the list, each naming its line.
				problems: rosterProblems(typeof raw === 'string' ? raw : ''),
				values
			});
		}
		if (cls.archivedAt) return refuse(409, CLASS_ARCHIVED);
		const { db } = database();
		// A place under the limits is taken before any password is hashed.
		const verdict = await reserveBulkAdd(db, actor.id, event.getClientAddress());
		if (!verdict.allowed) {
			return refuse(
				429,
				`Too many lists of students in the last hour. ${retryMessage(verdict.retryAfterMs)}`
			);
		}
		const added = await addStudentsInBulk(db, {
			classId: cls.id,
			teacherId: actor.id,
			names: parsed.data.names
		});
		if (!added.ok) return refuse(added.status, added.message);
		return { sheet: added.students };
	}
};

function rosterProblems(text: string): string[] {
	const result = rosterNamesSchema.safeParse(text);
	return result.success ? [] : result.error.issues.map((issue) => issue.message);
}
