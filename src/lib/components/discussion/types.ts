import type { ThreadNode } from '$lib/discussion';
import type { PagePost } from '$lib/server/discussion';

export type { PagePost };
export type PostNode = ThreadNode<PagePost>;

/** A form the server sent back: which form (`post`, `reply:<id>`, `edit:<id>`…), and why. */
export interface FormFailure {
	target: string;
	errors: Record<string, string>;
	values?: Record<string, string>;
}

/** What every post of a thread page needs to draw its forms. */
export interface ThreadContext {
	/** The thread's address, for permalinks (`<path>/post/<id>`). */
	path: string;
	/** `page=2&sort=newest`: added to each form's action so a refused form shows the same page. */
	query: string;
	/** The viewer may post and reply here now (signed in, thread open, not suspended). */
	mayPost: boolean;
	/** The viewer may report posts (signed in). */
	mayReport: boolean;
	failure: FormFailure | null;
}

/** The failure meant for `target`, if that is the form that was sent. */
export function failureFor(context: ThreadContext, target: string): FormFailure | null {
	return context.failure?.target === target ? context.failure : null;
}
