// What the new-assignment form and an assignment's edit form share on the server: reading the
// form, echoing it back when refused, and checking its modules and quiz against the article.
import { resolveAssignedSections, type AssignmentInput } from '$lib/classroom';
import type { ArticleSummary } from '$lib/server/articles';
import type { Database } from '$lib/server/db/client';
import { echo, type FieldErrors } from '$lib/server/forms';
import { quizPoolSize } from '$lib/server/quiz';

/** The assignment form's text as sent, for the form that comes back with a message. */
export function assignmentValues(form: FormData): Record<string, string> {
	const strings = (name: string) => form.getAll(name).filter((v) => typeof v === 'string');
	return {
		...echo(form, [
			'articleSlug',
			'dueAt',
			'passMark',
			'requireQuiz',
			'requireResponse',
			'quizQuestionCount',
			'maxAttempts'
		]),
		sectionSlugs: strings('sectionSlugs').join('\n'),
		quizSectionSlugs: strings('quizSectionSlugs').join('\n')
	};
}

export interface ResolvedAssignment {
	/** The chosen modules' ids, or null for the whole article. */
	sectionIds: string[] | null;
	quiz: { sectionIds: string[] | null; questionCount: number | null; maxAttempts: number | null };
}

/** The modules and quiz a form chose, checked against the article; or the fields' messages. */
export async function resolveAssignment(
	db: Database,
	article: ArticleSummary,
	input: Omit<AssignmentInput, 'articleSlug'>
): Promise<{ ok: true; value: ResolvedAssignment } | { ok: false; errors: FieldErrors }> {
	const lessons = article.sections.filter((s) => s.kind === 'lesson');
	const resolved = resolveAssignedSections(input.sectionSlugs, lessons);
	if (!resolved.ok) return { ok: false, errors: { sectionSlugs: resolved.message } };
	const sectionIds = input.sectionSlugs.length === 0 ? null : resolved.sections.map((s) => s.id);
	const quizResolved = resolveAssignedSections(input.quizSectionSlugs, lessons);
	if (!quizResolved.ok) return { ok: false, errors: { quizSectionSlugs: quizResolved.message } };
	const quizSectionIds =
		input.quizSectionSlugs.length === 0 ? null : quizResolved.sections.map((s) => s.id);
	// The quiz must have questions to ask, and at least as many as each attempt draws.
	const pool = await quizPoolSize(db, article.id, quizSectionIds ?? sectionIds);
	if (pool === 0) {
		const field = quizSectionIds ? 'quizSectionSlugs' : 'sectionSlugs';
		return {
			ok: false,
			errors: {
				[field]:
					'These modules have no published quiz questions yet: accept some of their suggested questions (Edit questions, on the article’s page) or choose other modules for the quiz.'
			}
		};
	}
	const { quizQuestionCount: questionCount, maxAttempts } = input;
	if (questionCount !== null && questionCount > pool) {
		const questions = `${pool} ${pool === 1 ? 'question' : 'questions'}`;
		return {
			ok: false,
			errors: {
				quizQuestionCount: `This quiz has ${questions}: ask ${pool} or fewer, or leave the field empty for all of them.`
			}
		};
	}
	return {
		ok: true,
		value: { sectionIds, quiz: { sectionIds: quizSectionIds, questionCount, maxAttempts } }
	};
}
