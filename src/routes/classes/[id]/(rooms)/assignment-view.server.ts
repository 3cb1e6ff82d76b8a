// An assignment as the class's rooms show it, to its teacher and to its students.
import { formatInTimeZone } from '$lib/classroom';
import { classThreadPath } from '$lib/server/classroom-discussion';
import type { AssignmentDetail } from '$lib/server/gradebook';

export const due = (a: AssignmentDetail, timeZone: string) =>
	a.dueAt ? formatInTimeZone(a.dueAt.getTime(), timeZone) : null;

/** What the assignment's quiz covers, in words. */
function quizLabel(a: AssignmentDetail): string {
	const sections = a.quizSectionIds ?? a.chosenSectionIds;
	if (sections === null) return 'the quiz on the whole article';
	const titles = sections.flatMap((id) => a.modules.find((m) => m.id === id)?.title ?? []);
	if (titles.length === 1) return `the quiz on “${titles[0]}”`;
	return `the quiz on ${sections.length} modules`;
}

/** The limits a teacher set on the quiz, in words; null when there are none. */
function quizRules(a: AssignmentDetail): string | null {
	const rules = [
		a.quizQuestionCount === null
			? null
			: `${a.quizQuestionCount} ${a.quizQuestionCount === 1 ? 'question' : 'questions'} an attempt`,
		a.maxAttempts === null
			? null
			: `${a.maxAttempts} ${a.maxAttempts === 1 ? 'attempt' : 'attempts'}`
	].filter(Boolean);
	return rules.length ? rules.join(', ') : null;
}

/** What both the teacher's and the students' pages show of an assignment. */
export function assignmentView(
	a: AssignmentDetail,
	classId: string,
	timeZone: string,
	prompts: { number: number; text: string; postCount: number }[]
) {
	return {
		id: a.id,
		title: a.title,
		article: { slug: a.articleSlug, title: a.articleTitle },
		wholeArticle: a.chosenSectionIds === null,
		modules: a.modules.map((m) => ({ id: m.id, slug: m.slug, title: m.title })),
		due: due(a, timeZone),
		requireQuiz: a.requireQuiz,
		passMark: a.passMark,
		requireResponse: a.requireResponse,
		// The assignment's own quiz: exactly its questions, attempts and pass mark.
		quizHref: `/lessons/${a.articleSlug}/quiz?assignment=${a.id}`,
		quizLabel: quizLabel(a),
		quizRules: quizRules(a),
		maxAttempts: a.maxAttempts,
		prompts: prompts.map((p) => ({
			number: p.number,
			text: p.text,
			postCount: p.postCount,
			href: classThreadPath(classId, a.articleSlug, p.number)
		}))
	};
}
