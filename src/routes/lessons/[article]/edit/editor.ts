// What every page of the question editor shares: who is asking, and how an operation's answer
// becomes the page's (a 404 for what the viewer may not see, a message beside the form else).
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { Viewer } from '$lib/access/article';
import type { EditorValues, FieldErrors } from '$lib/quiz/editor/form';
import { questionTypes, type QuestionType } from '$lib/quiz/schema';
import { actorOf } from '$lib/server/auth/actor';
import type { Refusal } from '$lib/refusal';

/** The signed-in viewer; a visitor not signed in is sent to sign in and come back. */
export function editorViewer(event: Pick<RequestEvent, 'locals' | 'url'>): Viewer {
	const actor = actorOf(event.locals.user);
	if (!actor || actor.isGuest) {
		redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	}
	return actor;
}

/** Found, or the 404 an absent article, module or question gets. */
export function found<T>(value: T | undefined): T {
	if (value === undefined) error(404, 'Not found');
	return value;
}

/** A refused operation: a 404 stays a 404; anything else is a message on the form, refilled. */
export function refusal(result: Refusal, values: EditorValues = {}) {
	if (result.status === 404) error(404, 'Not found');
	const errors: FieldErrors = { [result.field ?? 'form']: result.message };
	return fail(result.status, { errors, values });
}

/** The question type a URL or form names, if it is one. */
export function typeOf(value: string | null): QuestionType | undefined {
	return questionTypes.find((t) => t === value);
}

/** The question an action on a module's list names. */
export const questionField = z.object({
	question: z.string().trim().min(1, 'Choose a question.').max(200, 'Choose a question.')
});
