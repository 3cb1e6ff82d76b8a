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
import { refuse, type Refusal } from '../refusal';
import {
	assignmentAttempts,
	loadQuestions,
	startAssignmentAttempt,
	type StoredQuestion
} from './quiz';

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

/** What a page shows of an assignment's quiz (no question, no key): where it stands, what is left. */
export function assignedQuizSummary(assigned: AssignedQuiz) {
	const { assignment } = assigned;
	return {
		id: assignment.id,
		title: assigned.title,
		className: assigned.className,
		classHref: `/classes/${assignment.classId}`,
		archived: assigned.archived,
		questions: assigned.drawn,
		pool: assigned.pool.length,
		requireQuiz: assignment.requireQuiz,
		passMark: assignment.passMark,
		attempts: assigned.allowance,
		openAttemptId: assigned.openAttemptId,
		best: assigned.best === null ? null : Math.floor(assigned.best),
		passed: assigned.best !== null && assigned.best >= assignment.passMark
	};
}

/**
 * The attempt a student works on for an assigned quiz: the open one, or a new one while the
 * class is in use, the quiz has questions and attempts remain.
 */
export async function beginAssignedQuiz(
	db: Database,
	quiz: AssignedQuiz,
	userId: string
): Promise<{ ok: true; attemptId: string } | Refusal> {
	if (quiz.openAttemptId) return { ok: true, attemptId: quiz.openAttemptId };
	if (quiz.archived)
		return refuse(409, 'This class is archived: its quizzes are closed.', 'assignment');
	if (quiz.pool.length === 0) return refuse(409, 'This quiz has no questions yet.', 'assignment');
	return startAssignmentAttempt(db, {
		userId,
		articleId: quiz.assignment.articleId,
		assignmentId: quiz.assignment.id,
		inScope: quiz.pool,
		draw: quiz.drawn,
		maxAttempts: quiz.assignment.maxAttempts
	});
}
