import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { MAX_ROSTER_NAMES, rosterNamesSchema } from '$lib/classroom';
import { addStudentsInBulk } from '$lib/server/classroom';
import { openClass } from '$lib/server/classroom-access';
import { database } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { cls } = await openClass(event, event.params.id, 'class.manage');
	return {
		cls: { id: cls.id, name: cls.name },
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
		const { actor, cls } = await openClass(event, event.params.id, 'class.manage');
		const form = await event.request.formData();
		const raw = form.get('names');
		const parsed = parseForm(namesForm, form);
		if (!parsed.ok) {
			return fail(400, {
				errors: parsed.errors,
				// Every problem with the list, each naming its line.
				problems: rosterProblems(typeof raw === 'string' ? raw : ''),
				values: { names: typeof raw === 'string' ? raw.slice(0, 50_000) : '' }
			});
		}
		const students = await addStudentsInBulk(database().db, {
			classId: cls.id,
			teacherId: actor.id,
			names: parsed.data.names
		});
		return { sheet: students };
	}
};

function rosterProblems(text: string): string[] {
	const result = rosterNamesSchema.safeParse(text);
	return result.success ? [] : result.error.issues.map((issue) => issue.message);
}
