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
import { parseForm, refused } from '$lib/server/forms';
import { previewRoster, rosterFromForm, type RosterInput } from '$lib/server/roster-import';
import { refuse, type Refusal } from '$lib/refusal';
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
		const refuseNames = (status: number, message: string) =>
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
		if (cls.archivedAt) return refuseNames(409, CLASS_ARCHIVED);
		const made = await createAccounts(event, actor.id, cls.id, parsed.data.names);
		return made.ok ? { sheet: made.students } : refuseNames(made.status, made.message);
	},

	/** A roster file read and checked, row by row, against the accounts there are: nothing stored. */
	previewCsv: async (event) => {
		const opened = await openRoster(event);
		if (!opened.ok) return opened.refused;
		const csvPreview = await previewRoster(database().db, opened.input.csv);
		return csvPreview.ready ? { csvPreview, csvText: opened.input.text } : notReady(opened.input);
	},

	/** The previewed roster's accounts, all or none, with the same sheet as the list of names. */
	importCsv: async (event) => {
		const opened = await openRoster(event);
		if (!opened.ok) return opened.refused;
		const { actor, cls, input } = opened;
		const students = importableStudents(input.csv);
		if (!students) return notReady(input);
		const made = await createAccounts(event, actor.id, cls.id, students);
		return made.ok ? { sheet: made.students } : refusedCsv(made);
	}
};

/** A roster file's refusal, said beside its field. */
const refusedCsv = (refusal: Refusal) => refused({ ...refusal, field: 'file' });

/** The class, for a teacher of it, and the roster its form holds; or why not. */
async function openRoster(event: RequestEvent) {
	const { actor, cls } = await openClass(event, event.params.id ?? '', 'class.manage', {
		whileArchived: true
	});
	const input = await rosterFromForm(await event.request.formData());
	if (!input.ok) return { ok: false as const, refused: refusedCsv(input) };
	if (cls.archivedAt)
		return { ok: false as const, refused: refusedCsv(refuse(409, CLASS_ARCHIVED)) };
	return { ok: true as const, actor, cls, input };
}

/** A roster that cannot be imported as it stands: its rows, each with what is wrong. */
async function notReady(input: Extract<RosterInput, { ok: true }>) {
	const csvPreview = await previewRoster(database().db, input.csv);
	return fail(400, { csvPreview, csvText: input.text, errors: { file: NOT_READY } });
}

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
		return refuse(429, `Too many lists of students in the last hour. ${retry}`);
	}
	return addStudentsInBulk(db, { classId, teacherId, names });
}

function rosterProblems(text: string): string[] {
	const result = rosterNamesSchema.safeParse(text);
	return result.success ? [] : result.error.issues.map((issue) => issue.message);
}
