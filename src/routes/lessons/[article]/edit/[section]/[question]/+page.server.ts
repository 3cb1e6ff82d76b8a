import { fail, redirect } from '@sveltejs/kit';
import { readQuestionForm, valuesFromForm, valuesOf } from '$lib/quiz/editor/form';
import { database } from '$lib/server/db';
import { cleanForm } from '$lib/server/forms';
import { loadEditorSection, saveQuestion } from '$lib/server/question-editor';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { editorViewer, found, refusal } from '../../editor';

/** The module and the question the URL names, if the viewer may edit them. */
async function openQuestion(event: RequestEvent | Parameters<PageServerLoad>[0]) {
	const viewer = editorViewer(event);
	const { params } = event;
	const section = found(
		await loadEditorSection(database().db, viewer, params.article, params.section)
	);
	const entry = found(section.questions.find((q) => q.id === params.question));
	return { viewer, ...section, entry };
}

export const load: PageServerLoad = async (event) => {
	const { article, module, entry } = await openQuestion(event);
	return { article, module, entry, values: valuesOf(entry.question) };
};

export const actions: Actions = {
	default: async (event) => {
		const { viewer, module, entry } = await openQuestion(event);
		const { params } = event;
		const form = cleanForm(await event.request.formData());
		const read = readQuestionForm(form, { type: entry.question.type, id: entry.id, module });
		if (!read.ok) return fail(400, { errors: read.errors, values: valuesFromForm(form) });
		const publish = form.get('publish') === 'yes';
		const saved = await saveQuestion(
			database().db,
			viewer,
			params.article,
			entry.id,
			read.question,
			{
				publish
			}
		);
		if (!saved.ok) return refusal(saved, valuesFromForm(form));
		redirect(303, `/lessons/${params.article}/edit/${params.section}#q-${entry.id}`);
	}
};
