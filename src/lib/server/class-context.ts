// Where a reader discusses an article: a student whose class has it assigned discusses it with
// the class, in the class's private threads; anyone else in the public ones.
import { classThreadPath } from './classroom-discussion';

/**
 * The class in which a reader studies an article: one they are a student of, in use (not
 * archived), with the article assigned; the most recently assigned when several are (read with
 * the reader's state, in `reader-view.ts`).
 */
export interface ClassContext {
	id: string;
	name: string;
}

/** Where prompt `n` of an article is discussed: the class's thread, or the public one. */
export function discussionPath(
	articleSlug: string,
	promptNumber: number,
	cls: Pick<ClassContext, 'id'> | undefined
): string {
	return cls
		? classThreadPath(cls.id, articleSlug, promptNumber)
		: `/lessons/${articleSlug}/discuss/${promptNumber}`;
}
