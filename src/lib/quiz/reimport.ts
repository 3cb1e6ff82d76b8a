/**
 * What an import does to an article's questions. Pure: the importer applies the plan, the
 * import preview counts it. The rules:
 * - authored questions (a bank file) are published; generated ones (from the tables, ids
 *   `table-…`) and suggested ones (from the prose, ids `suggest-…`) arrive as `suggested` drafts
 *   that no learner sees until a teacher accepts them;
 * - a question whose data changed gets a new version (the old one stays, so attempts already
 *   made are graded and shown as they were asked); an unchanged one is only re-placed;
 * - a draft keeps what the teacher made of it: accepted stays accepted, discarded stays discarded;
 * - what a person wrote is never touched by an import: questions written in the editor
 *   (origin `teacher`) and any question whose latest version a person saved;
 * - a question the new text no longer yields is archived (kept for past attempts), unless a
 *   person wrote it.
 */
import { GENERATED_ID_PREFIX, SUGGESTION_ID_PREFIX, type Question } from './schema';

export type ImportedOrigin = 'authored' | 'generated' | 'suggested';
export type StoredOrigin = ImportedOrigin | 'teacher';

export function importedOrigin(questionId: string): ImportedOrigin {
	if (questionId.startsWith(GENERATED_ID_PREFIX)) return 'generated';
	if (questionId.startsWith(SUGGESTION_ID_PREFIX)) return 'suggested';
	return 'authored';
}

export interface StoredQuestionState {
	/** The question's id within its article. */
	id: string;
	origin: StoredOrigin;
	status: 'suggested' | 'published';
	archived: boolean;
	version: number;
	data: Question;
	/** Whether a person saved its latest version (in the editor). */
	writtenByPerson: boolean;
}

export type QuestionStep =
	| {
			kind: 'insert';
			question: Question;
			origin: ImportedOrigin;
			status: 'suggested' | 'published';
	  }
	| {
			kind: 'update' | 'place';
			question: Question;
			origin: ImportedOrigin;
			status: 'suggested' | 'published';
			archived: boolean;
			/** The version it will have: one more than stored for `update`. */
			version: number;
	  }
	| { kind: 'protected'; question: Question };

export interface QuestionImportPlan {
	/** One step per incoming question, in the incoming order. */
	steps: QuestionStep[];
	/** Ids of live questions to archive. */
	archive: string[];
}

export function planQuestionImport(
	stored: readonly StoredQuestionState[],
	incoming: readonly Question[]
): QuestionImportPlan {
	const byId = new Map(stored.map((q) => [q.id, q]));
	const steps = incoming.map((question): QuestionStep => {
		const origin = importedOrigin(question.id);
		const old = byId.get(question.id);
		byId.delete(question.id);
		if (!old) {
			return {
				kind: 'insert',
				question,
				origin,
				status: origin === 'authored' ? 'published' : 'suggested'
			};
		}
		if (old.origin === 'teacher' || old.writtenByPerson) return { kind: 'protected', question };
		const changed = JSON.stringify(old.data) !== JSON.stringify(question);
		// An authored question is the bank's: published and live whenever the bank has it.
		const authored = origin === 'authored';
		return {
			kind: changed ? 'update' : 'place',
			question,
			origin,
			status: authored ? 'published' : old.status,
			archived: authored ? false : old.archived,
			version: changed ? old.version + 1 : old.version
		};
	});
	const archive = [...byId.values()]
		.filter((q) => !q.archived && q.origin !== 'teacher' && !q.writtenByPerson)
		.map((q) => q.id);
	return { steps, archive };
}
