import { fail, redirect } from '@sveltejs/kit';
import { readQuestionForm, valuesFromForm } from '$lib/quiz/editor/form';
import { database } from '$lib/server/db';
import { cleanForm } from '$lib/server/forms';
import { createQuestion, loadEditorSection } from '$lib/server/question-editor';
import type { Actions, PageServerLoad } from './$types';
import { editorViewer, found, refusal, typeOf } from '../../editor';

export const load: PageServerLoad = async (event) => {
	const viewer = editorViewer(event);
	const { params, url } = event;
	const { article, module } = found(
		await loadEditorSection(database().db, viewer, params.article, params.section)
	);
	return { article, module, type: typeOf(url.searchParams.get('type')) ?? null };
};

export const actions: Actions = {
	default: async (event) => {
		const viewer = editorViewer(event);
		const { params, url } = event;
		const { db } = database();
		const { module } = found(await loadEditorSection(db, viewer, params.article, params.section));
		const type = found(typeOf(url.searchParams.get('type')));
		const form = cleanForm(await event.request.formData());
		const read = readQuestionForm(form, { type, id: 'new', module });
		if (!read.ok) return fail(400, { errors: read.errors, values: valuesFromForm(form) });
		const created = await createQuestion(db, viewer, params.article, params.section, read.question);
		if (!created.ok) return refusal(created, valuesFromForm(form));
		redirect(303, `/lessons/${params.article}/edit/${params.section}#q-${created.id}`);
	}
};
