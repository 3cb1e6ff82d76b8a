import { database } from '$lib/server/db';
import { loadEditorOverview } from '$lib/server/question-editor';
import type { PageServerLoad } from './$types';
import { editorViewer, found } from './editor';

export const load: PageServerLoad = async (event) => {
	const viewer = editorViewer(event);
	const overview = found(await loadEditorOverview(database().db, viewer, event.params.article));
	return { overview };
};
