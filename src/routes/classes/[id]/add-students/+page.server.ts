import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { MAX_ROSTER_NAMES, importableStudents, rosterNamesSchema } from '$lib/classroom';
import { retryMessage } from '$lib/server/auth/rate-limit';
import {
	CLASS_ARCHIVED,
	addStudentsInBulk,
	reserveBulkAdd,
	type BulkAddResult
} from '$lib/server/classroom';
import { openClass } from '$lib/server/classroom-access';
import { database } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { previewRoster, rosterFromForm } from '$lib/server/roster-import';
import type { RequestEvent } from '@sveltejs/kit';
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
/** A roster file's refusal, said beside its field. */
const refuseCsv = (status: number, message: string) => fail(status, { errors: { file: message } });
const NOT_READY =
	'Nothing was imported: fix the rows marked below in the file, then check it again.';

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
		const made = await createAccounts(event, actor.id, cls.id, parsed.data.names);
		return made.ok ? { sheet: made.students } : refuse(made.status, made.message);
	},

	/** A roster file read and checked, row by row, against the accounts there are: nothing stored. */
	previewCsv: async (event) => {
		const { cls } = await openClass(event, event.params.id, 'class.manage', {
			whileArchived: true
		});
		const input = await rosterFromForm(await event.request.formData());
		if (!input.ok) return refuseCsv(input.status, input.message);
		if (cls.archivedAt) return refuseCsv(409, CLASS_ARCHIVED);
		const csvPreview = await previewRoster(database().db, input.csv);
		const shown = { csvPreview, csvText: input.text };
		return csvPreview.ready ? shown : fail(400, { ...shown, errors: { file: NOT_READY } });
	},

	/** The previewed roster's accounts, all or none, with the same sheet as the list of names. */
	importCsv: async (event) => {
		const { actor, cls } = await openClass(event, event.params.id, 'class.manage', {
			whileArchived: true
		});
		const input = await rosterFromForm(await event.request.formData());
		if (!input.ok) return refuseCsv(input.status, input.message);
		if (cls.archivedAt) return refuseCsv(409, CLASS_ARCHIVED);
		const { db } = database();
		const students = importableStudents(input.csv);
		if (!students) {
			const csvPreview = await previewRoster(db, input.csv);
			return fail(400, { csvPreview, csvText: input.text, errors: { file: NOT_READY } });
		}
		const made = await createAccounts(event, actor.id, cls.id, students);
		return made.ok ? { sheet: made.students } : refuseCsv(made.status, made.message);
	}
};

/** The accounts, under the per-hour limits (a place taken before any password is hashed). */
async function createAccounts(
	event: RequestEvent,
	teacherId: string,
	classId: string,
	names: Parameters<typeof addStudentsInBulk>[1]['names']
): Promise<BulkAddResult> {
	const { db } = database();
	const verdict = await reserveBulkAdd(db, teacherId, event.getClientAddress());
	if (!verdict.allowed) {
		const retry = retryMessage(verdict.retryAfterMs);
		return {
			ok: false,
			status: 429,
			message: `Too many lists of students in the last hour. ${retry}`
		};
	}
	return addStudentsInBulk(db, { classId, teacherId, names });
}

function rosterProblems(text: string): string[] {
	const result = rosterNamesSchema.safeParse(text);
	return result.success ? [] : result.error.issues.map((issue) => issue.message);
}
