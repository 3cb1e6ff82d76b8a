import { fail, redirect } from '@sveltejs/kit';
import { database } from '$lib/server/db';
import { invalid, cleanForm, parseForm } from '$lib/server/forms';
import {
	acceptAllInSection,
	acceptQuestion,
	archiveQuestion,
	discardSuggestion,
	loadEditorSection,
	moveQuestion,
	restoreQuestion
} from '$lib/server/question-editor';
import type { Viewer } from '$lib/access/article';
import type { Database } from '$lib/server/db/client';
import type { Refusal } from '$lib/refusal';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { editorViewer, found, questionField } from '../editor';

export const load: PageServerLoad = async (event) => {
	const viewer = editorViewer(event);
	const { params } = event;
	const section = found(
		await loadEditorSection(database().db, viewer, params.article, params.section)
	);
	return { section };
};

type Operation = (
	db: Database,
	viewer: Viewer,
	slug: string,
	id: string
) => Promise<{ ok: true } | Refusal>;

/** Who may edit this module's questions, or the 404 everyone else gets. */
async function editable(event: RequestEvent) {
	const viewer = editorViewer(event);
	const { article, section } = event.params;
	found(await loadEditorSection(database().db, viewer, article, section));
	return viewer;
}

/** A refused action: its message above the list (a question gone by now is said so). */
const refusedOnList = ({ status, message }: Refusal) =>
	fail(status, {
		errors: { form: status === 404 ? 'That question is not in this article any more.' : message }
	});

/** An action on one question of the list: the question named by the form, then back to the list. */
function onOne(operation: Operation) {
	return async (event: RequestEvent) => {
		const viewer = await editable(event);
		const form = parseForm(questionField, cleanForm(await event.request.formData()));
		if (!form.ok) return invalid(400, form.errors);
		const result = await operation(database().db, viewer, event.params.article, form.data.question);
		if (!result.ok) return refusedOnList(result);
		redirect(303, `${event.url.pathname}#bank`);
	};
}

export const actions: Actions = {
	accept: onOne(acceptQuestion),
	discard: onOne(discardSuggestion),
	archive: onOne(archiveQuestion),
	restore: onOne(restoreQuestion),
	up: onOne((db, viewer, slug, id) => moveQuestion(db, viewer, slug, id, 'up')),
	down: onOne((db, viewer, slug, id) => moveQuestion(db, viewer, slug, id, 'down')),
	acceptAll: async (event) => {
		const viewer = await editable(event);
		const { params } = event;
		const result = await acceptAllInSection(database().db, viewer, params.article, params.section);
		if (!result.ok) return refusedOnList(result);
		redirect(303, `${event.url.pathname}#bank`);
	}
};
