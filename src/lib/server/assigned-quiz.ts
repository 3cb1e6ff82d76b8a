import {
	assignedModules,
	assignedQuizSections,
	assignmentTitle,
	attemptAllowance,
	questionsToDraw,
	type AttemptAllowance
} from '../classroom';
import {
	classRelation,
	findAssignment,
	findClass,
	lessonModules,
	type AssignmentRecord
} from './classroom';
import type { Database } from './db/client';
import { assignmentAttempts, loadQuestions, type StoredQuestion } from './quiz';

/** An assignment's quiz as one of its class's students finds it. */
export interface AssignedQuiz {
	assignment: AssignmentRecord;
	title: string;
	className: string;
	/** The class is archived: read-only, so no new attempt starts. */
	archived: boolean;
	/** The questions an attempt draws from. */
	pool: StoredQuestion[];
	/** How many questions each attempt asks. */
	drawn: number;
	allowance: AttemptAllowance;
	openAttemptId: string | null;
	/** The best score (0–100) of the student's attempts for it, or null before any. */
	best: number | null;
}

/**
 * An assignment's quiz on `articleId`, for a student of the assignment's class; anyone else
 * (its teacher included: the quiz is the students'), an unknown id, or an assignment on
 * another article gets nothing, as if it did not exist.
 */
export async function openAssignedQuiz(
	db: Database,
	assignmentId: string,
	userId: string,
	articleId: string
): Promise<AssignedQuiz | undefined> {
	const assignment = await findAssignment(db, assignmentId);
	if (!assignment || assignment.articleId !== articleId) return undefined;
	if ((await classRelation(db, assignment.classId, userId)) !== 'member') return undefined;
	const [cls, modules, all, mine] = await Promise.all([
		findClass(db, assignment.classId),
		lessonModules(db, [articleId]),
		loadQuestions(db, articleId),
		assignmentAttempts(db, assignment.id, userId)
	]);
	const rules = { ...assignment, sectionIds: assignment.chosenSectionIds };
	const sections = assignedQuizSections(rules);
	const pool =
		sections === null ? all : all.filter((q) => q.sectionId && sections.includes(q.sectionId));
	const chosen = assignedModules(assignment, modules.get(articleId) ?? []);
	return {
		assignment,
		title: assignmentTitle(assignment, chosen),
		className: cls!.name,
		archived: cls!.archivedAt !== null,
		pool,
		drawn: questionsToDraw(rules, pool.length),
		allowance: attemptAllowance(assignment.maxAttempts, mine.submitted, mine.openId !== null),
		openAttemptId: mine.openId,
		best: mine.best
	};
}
