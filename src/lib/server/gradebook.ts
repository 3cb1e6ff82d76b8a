import { and, asc, eq, inArray, isNotNull, min, sql } from 'drizzle-orm';
import {
	buildGradebook,
	itemAnalysis,
	moduleCompletion,
	setsOwnQuiz,
	type AnsweredQuestion,
	type DiscussionResponse,
	type FirstAttempt,
	type Gradebook,
	type GradebookAssignment,
	type GradebookCell,
	type GradebookInput,
	assignedModules,
	assignmentTitle,
	type ArticleInsights,
	type QuestionInsight,
	type ModuleRef,
	type QuizAttempt,
	type SectionRead
} from '../classroom';
import { gradeAnswer, scorePercent, type Question } from '../quiz';
import { lessonModules, listAssignments, type AssignmentRecord } from './classroom';
import type { Database } from './db/client';

/** The insights types live with the classroom domain; the class page still names them here. */
export type { ArticleInsights, QuestionInsight };
import {
	attemptAnswers,
	attempts,
	classMembers,
	classes,
	posts,
	sectionProgress,
	threads,
	users
} from './db/schema';
import { classScope } from '../discussion/scope';
import { questionKey } from './articles';
import { answeredKey, answeredVersions, loadQuestions } from './quiz';

/** An assignment with what it asks for resolved against its article as it is now. */
export interface AssignmentDetail extends AssignmentRecord {
	title: string;
	/** The modules a student must read, in article order. */
	modules: ModuleRef[];
}

export interface ClassStudent {
	id: string;
	name: string;
	login: string | null;
}

export interface GradebookData {
	students: ClassStudent[];
	assignments: AssignmentDetail[];
	input: GradebookInput;
}

/** Resolves each assignment's modules against its article's live lesson modules. */
export async function detailAssignments(
	db: Database,
	records: AssignmentRecord[]
): Promise<AssignmentDetail[]> {
	const modules = await lessonModules(db, [...new Set(records.map((a) => a.articleId))]);
	return records.map((record) => {
		const chosen = assignedModules(record, modules.get(record.articleId) ?? []);
		return { ...record, modules: chosen, title: assignmentTitle(record, chosen) };
	});
}

function toGradebookAssignment(a: AssignmentDetail): GradebookAssignment {
	return {
		id: a.id,
		title: a.title,
		articleId: a.articleId,
		sectionIds: a.modules.map((m) => m.id),
		dueAt: a.dueAt?.getTime() ?? null,
		requireQuiz: a.requireQuiz,
		passMark: a.passMark,
		requireResponse: a.requireResponse,
		ownQuizOnly: setsOwnQuiz({ ...a, sectionIds: a.chosenSectionIds })
	};
}

/**
 * Everything the pure gradebook needs about a class, in five indexed queries: its students
 * (all, or just `onlyStudentId`), its assignments, and those students' module reads,
 * submitted attempts on the assigned articles and posts in the class's threads.
 */
export async function loadGradebookData(
	db: Database,
	classId: string,
	{ onlyStudentId, now = new Date() }: { onlyStudentId?: string; now?: Date } = {}
): Promise<GradebookData> {
	const inClass = and(
		eq(classMembers.classId, classId),
		onlyStudentId ? eq(classMembers.userId, onlyStudentId) : undefined
	);
	const [students, records] = await Promise.all([
		db
			.select({
				id: users.id,
				name: users.displayName,
				email: users.email,
				username: users.username
			})
			.from(classMembers)
			.innerJoin(users, eq(users.id, classMembers.userId))
			.where(inClass)
			.orderBy(sql`${users.displayName} COLLATE NOCASE`, asc(users.id)),
		listAssignments(db, classId)
	]);
	const assignmentList = await detailAssignments(db, records);
	const articleIds = [...new Set(assignmentList.map((a) => a.articleId))];

	const [progressRows, attemptRows, responseRows] = await Promise.all([
		db
			.select({
				studentId: sectionProgress.userId,
				sectionId: sectionProgress.sectionId,
				readAt: sectionProgress.readAt
			})
			.from(classMembers)
			.innerJoin(sectionProgress, eq(sectionProgress.userId, classMembers.userId))
			.where(inClass),
		articleIds.length === 0
			? []
			: db
					.select({
						studentId: attempts.userId,
						articleId: attempts.articleId,
						scope: attempts.scope,
						assignmentId: attempts.assignmentId,
						score: attempts.score,
						maxScore: attempts.maxScore,
						submittedAt: attempts.submittedAt
					})
					// The class's members first, then each one's attempts by (user, article): left to
					// choose, SQLite read every submitted attempt at the article, the whole site's, by
					// the (article, submitted) index (the unary + keeps it from that index).
					.from(classMembers)
					.crossJoin(attempts)
					.where(
						and(
							eq(attempts.userId, classMembers.userId),
							inClass,
							inArray(attempts.articleId, articleIds),
							sql`+${attempts.submittedAt} is not null`
						)
					),
		db
			.select({
				studentId: posts.authorId,
				articleId: threads.articleId,
				respondedAt: min(posts.createdAt)
			})
			// CROSS JOIN keeps this order in SQLite: the class's few threads first, then their posts
			// by (thread, status). Left to choose, SQLite read every visible post of the whole site
			// by the status index and kept the class's (classroom-scale.spec.ts counts the work).
			.from(threads)
			.crossJoin(posts)
			.where(
				and(
					eq(posts.threadId, threads.id),
					eq(threads.scope, classScope(classId)),
					inArray(posts.status, ['visible', 'held']),
					onlyStudentId ? eq(posts.authorId, onlyStudentId) : isNotNull(posts.authorId)
				)
			)
			.groupBy(posts.authorId, threads.articleId)
	]);

	const progress: SectionRead[] = progressRows.map((r) => ({
		studentId: r.studentId,
		sectionId: r.sectionId,
		readAt: r.readAt.getTime()
	}));
	const quizAttempts: QuizAttempt[] = attemptRows.map((r) => ({
		studentId: r.studentId,
		articleId: r.articleId,
		sectionIds: r.scope === 'article' ? null : [r.scope],
		assignmentId: r.assignmentId,
		scorePercent: scorePercent(r.score, r.maxScore),
		submittedAt: r.submittedAt!.getTime()
	}));
	const responses: DiscussionResponse[] = responseRows.flatMap((r) =>
		r.studentId && r.respondedAt
			? [{ studentId: r.studentId, articleId: r.articleId, respondedAt: r.respondedAt.getTime() }]
			: []
	);
	return {
		students: students.map((s) => ({ id: s.id, name: s.name, login: s.email ?? s.username })),
		assignments: assignmentList,
		input: {
			students: students.map((s) => ({ id: s.id, name: s.name })),
			assignments: assignmentList.map(toGradebookAssignment),
			progress,
			attempts: quizAttempts,
			responses,
			now: now.getTime()
		}
	};
}

export interface ClassGradebook {
	students: ClassStudent[];
	assignments: AssignmentDetail[];
	gradebook: Gradebook;
}

/** A class's gradebook, students by name, assignments oldest first. */
export async function loadClassGradebook(
	db: Database,
	classId: string,
	now = new Date()
): Promise<ClassGradebook> {
	const data = await loadGradebookData(db, classId, { now });
	return { ...data, gradebook: buildGradebook(data.input) };
}

export interface StudentAssignment {
	assignment: AssignmentDetail;
	cell: GradebookCell;
	/** The modules the student has read, by id. */
	readModuleIds: string[];
}

/** One student's standing on each assignment of a class (their own row of the gradebook). */
export async function loadStudentAssignments(
	db: Database,
	classId: string,
	studentId: string,
	now = new Date()
): Promise<StudentAssignment[]> {
	const data = await loadGradebookData(db, classId, { onlyStudentId: studentId, now });
	const row = buildGradebook(data.input).rows[0];
	if (!row) return [];
	const read = new Set(data.input.progress.map((p) => p.sectionId));
	return data.assignments.map((assignment, i) => ({
		assignment,
		cell: row.cells[i]!,
		readModuleIds: assignment.modules.filter((m) => read.has(m.id)).map((m) => m.id)
	}));
}

// ---- The gradebook as the API serves it --------------------------------------------------

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

/** The JSON of `GET /api/v1/classes/<id>/gradebook` (see the `Gradebook` schema in openapi.ts). */
export function gradebookResource(
	cls: { id: string; name: string; timeZone: string },
	{ students, assignments, gradebook }: ClassGradebook,
	now: Date
) {
	const loginOf = new Map(students.map((s) => [s.id, s.login]));
	return {
		class: { id: cls.id, name: cls.name, timeZone: cls.timeZone },
		generatedAt: now.toISOString(),
		assignments: gradebook.columns.map((column, i) => {
			const a = assignments[i]!;
			return {
				id: a.id,
				title: a.title,
				article: { slug: a.articleSlug, title: a.articleTitle },
				modules: a.modules.map((m) => ({ slug: m.slug, title: m.title })),
				wholeArticle: a.chosenSectionIds === null,
				dueAt: a.dueAt?.toISOString() ?? null,
				requireQuiz: a.requireQuiz,
				passMark: a.passMark,
				requireResponse: a.requireResponse,
				summary: {
					averageBestScore: column.averageBestScore,
					attempted: column.attempted,
					completionRate: column.completionRate,
					averageReadFraction: column.averageReadFraction
				}
			};
		}),
		students: gradebook.rows.map((row) => ({
			id: row.student.id,
			name: row.student.name,
			login: loginOf.get(row.student.id) ?? null,
			results: row.cells.map((cell) => ({
				assignmentId: cell.assignmentId,
				modulesRead: cell.sectionsRead,
				modulesRequired: cell.sectionsRequired,
				readFraction: cell.readFraction,
				bestScorePercent: cell.bestScorePercent,
				responded: cell.responded,
				status: cell.status,
				late: cell.late,
				completedLate: cell.completedLate,
				completedAt: iso(cell.completedAt),
				remaining: cell.remaining
			}))
		}))
	};
}

// ---- Insights -----------------------------------------------------------------------------

/**
 * For each article the class was assigned: item analysis of the quiz over each student's
 * FIRST answer to each question (from the earliest submitted attempt that asked it, whole
 * article or module quiz), and the share of the class that read each module.
 */
export async function loadInsights(db: Database, classId: string): Promise<ArticleInsights[]> {
	const records = await listAssignments(db, classId);
	const articleList = [
		...new Map(
			records.map((a) => [
				a.articleId,
				{ id: a.articleId, slug: a.articleSlug, title: a.articleTitle }
			])
		).values()
	];
	if (articleList.length === 0) return [];
	const inClass = eq(classMembers.classId, classId);
	const [students, modules, progress] = await Promise.all([
		db.select({ id: classMembers.userId }).from(classMembers).where(inClass),
		lessonModules(
			db,
			articleList.map((a) => a.id)
		),
		db
			.select({ studentId: sectionProgress.userId, sectionId: sectionProgress.sectionId })
			.from(classMembers)
			.innerJoin(sectionProgress, eq(sectionProgress.userId, classMembers.userId))
			.where(inClass)
	]);
	return Promise.all(
		articleList.map(async (article) => {
			const articleModules = modules.get(article.id) ?? [];
			const { questions, firstAttempts } = await firstAnswers(db, classId, article.id);
			const moduleTitle = new Map(articleModules.map((m) => [m.id, m.title]));
			const stats = new Map(itemAnalysis(firstAttempts).map((s) => [s.questionId, s]));
			return {
				articleId: article.id,
				articleSlug: article.slug,
				articleTitle: article.title,
				students: firstAttempts.length,
				classSize: students.length,
				questions: questions.flatMap((q): QuestionInsight[] => {
					const s = stats.get(q.question.id);
					if (!s) return [];
					return [
						{
							...s,
							text: q.question.text,
							moduleTitle: (q.sectionId && moduleTitle.get(q.sectionId)) || null,
							commonWrongAnswer: s.commonWrongAnswer && {
								text: s.commonWrongAnswer.response,
								count: s.commonWrongAnswer.count
							}
						}
					];
				}),
				modules: moduleCompletion(students, articleModules, progress)
			};
		})
	);
}

/** Each class student's first answer to each live question of an article, as text. */
async function firstAnswers(db: Database, classId: string, articleId: string) {
	const questions = await loadQuestions(db, articleId);
	// Answers name their question by its stored key; the analysis names it by its id.
	const byKey = new Map(questions.map((q) => [questionKey(articleId, q.question.id), q]));
	const rows = await db
		.select({
			studentId: attempts.userId,
			attemptId: attempts.id,
			questionId: attemptAnswers.questionId,
			response: attemptAnswers.response,
			correct: attemptAnswers.correct
		})
		// The class's members, then their attempts by (user, article), as loadGradebookData reads
		// them: not the site's every attempt at the article.
		.from(classMembers)
		.crossJoin(attempts)
		.innerJoin(attemptAnswers, eq(attemptAnswers.attemptId, attempts.id))
		.where(
			and(
				eq(attempts.userId, classMembers.userId),
				eq(classMembers.classId, classId),
				eq(attempts.articleId, articleId),
				sql`+${attempts.submittedAt} is not null`
			)
		)
		.orderBy(asc(attempts.submittedAt), asc(attempts.id));
	const texts = new Map<string, string | null>();
	const responseText = (question: Question, key: string, response: unknown) => {
		const cacheKey = `${key}\u0000${JSON.stringify(response)}`;
		let text = texts.get(cacheKey);
		if (text === undefined) {
			const graded = gradeAnswer(question, response);
			text = graded.ok ? graded.result.responseText.join('; ') : null;
			texts.set(cacheKey, text);
		}
		return text;
	};
	const answersByStudent = new Map<string, Map<string, AnsweredQuestion>>();
	const wrong: { answer: AnsweredQuestion; row: (typeof rows)[number] }[] = [];
	for (const row of rows) {
		const stored = byKey.get(row.questionId);
		if (!stored) continue; // archived since
		const questionId = stored.question.id;
		let answers = answersByStudent.get(row.studentId);
		if (!answers) answersByStudent.set(row.studentId, (answers = new Map()));
		if (answers.has(questionId)) continue;
		const answer: AnsweredQuestion = { questionId, correct: row.correct, response: null };
		answers.set(questionId, answer);
		if (!row.correct) wrong.push({ answer, row });
	}
	// A wrong answer reads as the version of the question it answered (edited since or not).
	const asAnswered = await answeredVersions(
		db,
		articleId,
		wrong.map(({ answer, row }) => ({ attemptId: row.attemptId, questionId: answer.questionId })),
		questions
	);
	for (const { answer, row } of wrong) {
		const answered = asAnswered.get(answeredKey(row.attemptId, answer.questionId));
		// Only wrong answers are tallied by text; most are the same few, so grade each once.
		answer.response = answered
			? responseText(answered.question, `${row.questionId}@${answered.version}`, row.response)
			: responseText(byKey.get(row.questionId)!.question, row.questionId, row.response);
	}
	const firstAttempts: FirstAttempt[] = [...answersByStudent].map(([studentId, answers]) => ({
		studentId,
		// In quiz order, so the analysis lists questions as the quiz does.
		answers: questions.flatMap((q) => answers.get(q.question.id) ?? [])
	}));
	return { questions, firstAttempts };
}

// ---- A student's own results, for their data download ------------------------------------

/** Every class a student is in, with their standing on each assignment. */
export async function studentResults(db: Database, studentId: string, now = new Date()) {
	const memberships = await db
		.select({ id: classes.id, name: classes.name })
		.from(classMembers)
		.innerJoin(classes, eq(classes.id, classMembers.classId))
		.where(eq(classMembers.userId, studentId))
		.orderBy(asc(classMembers.joinedAt));
	return Promise.all(
		memberships.map(async (cls) => ({
			classId: cls.id,
			className: cls.name,
			assignments: (await loadStudentAssignments(db, cls.id, studentId, now)).map(
				({ assignment, cell }) => ({
					assignmentId: assignment.id,
					title: assignment.title,
					article: assignment.articleSlug,
					dueAt: assignment.dueAt?.toISOString() ?? null,
					modulesRead: cell.sectionsRead,
					modulesRequired: cell.sectionsRequired,
					bestScorePercent: cell.bestScorePercent,
					responded: cell.responded,
					status: cell.status,
					completedLate: cell.completedLate,
					remaining: cell.remaining
				})
			)
		}))
	);
}
