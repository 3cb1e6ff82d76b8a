import { fail, redirect } from '@sveltejs/kit';
import type { z } from 'zod';
import type { Viewer } from '$lib/access/article';
import {
	contradictionIdSchema,
	correctMarkSchema,
	echoValues,
	editContradictionSchema,
	linkSchema,
	markIdSchema,
	newMarkSchema
} from '$lib/marks/editor/form';
import {
	addMark,
	confirmContradiction,
	confirmMark,
	correctMark,
	editContradiction,
	linkPassages,
	loadMarksEditor,
	removeContradiction,
	removeMark,
	restoreContradiction,
	restoreMark,
	type Done
} from '$lib/server/claims-editor';
import { database } from '$lib/server/db';
import type { Database } from '$lib/server/db/client';
import { parseForm } from '$lib/server/forms';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { editorViewer, found } from '../../editor';

export const load: PageServerLoad = async (event) => {
	const viewer = editorViewer(event);
	const { article, section } = event.params;
	return { page: found(await loadMarksEditor(database().db, viewer, article, section)) };
};

const MARK_FIELDS = ['kind', 'source', 'speaker', 'note', 'provenance'] as const;
const LINK_FIELDS = ['quoteA', 'labelA', 'sectionB', 'quoteB', 'labelB', 'subject', 'note'];

interface Target {
	/** Which form the answer belongs to: `add`, `link`, `mark`, `contradiction`. */
	form: string;
	/** The form's text fields to fill back in. */
	echo?: readonly string[];
	/** The field naming the claim the form is about. */
	idField?: 'mark' | 'contradiction';
}

type Run<T> = (
	db: Database,
	viewer: Viewer,
	slug: string,
	section: string,
	data: T
) => Promise<Done>;

/**
 * A form of the page: who may edit, the form read with `schema`, then `run`; a refusal comes
 * back as messages beside the fields of the form it belongs to (`target`), filled in again.
 */
function action<S extends z.ZodType>(schema: S, target: Target, run: Run<z.output<S>>) {
	return async (event: RequestEvent) => {
		const viewer = editorViewer(event);
		const { article, section } = event.params;
		found(await loadMarksEditor(database().db, viewer, article, section));
		const form = await event.request.formData();
		const values = echoValues(form, target.echo ?? []);
		const rawId = target.idField ? form.get(target.idField) : null;
		const answer = {
			form: target.form,
			id: typeof rawId === 'string' ? rawId.slice(0, 200) : null
		};
		const parsed = parseForm(schema, form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values, target: answer });
		const result = await run(database().db, viewer, article, section, parsed.data);
		if (!result.ok)
			return fail(result.status, {
				errors: { [result.field ?? 'form']: result.message },
				values,
				target: answer
			});
		redirect(
			303,
			`${event.url.pathname}#${target.form === 'link' || target.form === 'contradiction' ? 'links' : 'marks'}`
		);
	};
}

const onMark = { form: 'mark', idField: 'mark' } as const;
const onLink = { form: 'contradiction', idField: 'contradiction' } as const;

export const actions: Actions = {
	confirm: action(markIdSchema, onMark, (db, v, a, s, d) => confirmMark(db, v, a, s, d.mark)),
	remove: action(markIdSchema, onMark, (db, v, a, s, d) => removeMark(db, v, a, s, d.mark)),
	restore: action(markIdSchema, onMark, (db, v, a, s, d) => restoreMark(db, v, a, s, d.mark)),
	correct: action(correctMarkSchema, { ...onMark, echo: MARK_FIELDS }, (db, v, a, s, d) => {
		const { mark, ...fields } = d;
		return correctMark(db, v, a, s, mark, fields);
	}),
	add: action(newMarkSchema, { form: 'add', echo: [...MARK_FIELDS, 'quote'] }, addMark),
	confirmLink: action(contradictionIdSchema, onLink, (db, v, a, s, d) =>
		confirmContradiction(db, v, a, s, d.contradiction)
	),
	removeLink: action(contradictionIdSchema, onLink, (db, v, a, s, d) =>
		removeContradiction(db, v, a, s, d.contradiction)
	),
	restoreLink: action(contradictionIdSchema, onLink, (db, v, a, s, d) =>
		restoreContradiction(db, v, a, s, d.contradiction)
	),
	editLink: action(
		editContradictionSchema,
		{ ...onLink, echo: ['subject', 'note'] },
		(db, v, a, s, { contradiction, ...words }) =>
			editContradiction(db, v, a, s, contradiction, words)
	),
	link: action(linkSchema, { form: 'link', echo: LINK_FIELDS }, linkPassages)
};
