import { assignmentStatus, type AssignmentStatus } from './status';

export interface GradebookStudent {
	id: string;
	/** The name the teacher sees (display name). */
	name: string;
}

/** An assignment with its modules already resolved (see `resolveAssignedSections`). */
export interface GradebookAssignment {
	id: string;
	title: string;
	articleId: string;
	/** The ids of the modules the student must read; empty when there is nothing to read. */
	sectionIds: readonly string[];
	/** UTC epoch ms, or null for no due date. */
	dueAt: number | null;
	requireQuiz: boolean;
	passMark: number;
	requireResponse: boolean;
	/**
	 * The teacher set this assignment's own quiz (see `setsOwnQuiz`): only attempts made for
	 * it count. Otherwise (an assignment from before those choices) any practice attempt that
	 * covers its modules counts too, as it always did.
	 */
	ownQuizOnly?: boolean;
}

/** A student marked a module as read. */
export interface SectionRead {
	studentId: string;
	sectionId: string;
	readAt: number;
}

/** A submitted quiz attempt. */
export interface QuizAttempt {
	studentId: string;
	articleId: string;
	/** The modules the quiz covered; null for the quiz on the whole article. */
	sectionIds: readonly string[] | null;
	scorePercent: number;
	submittedAt: number;
	/** The assignment the attempt was made for; null (or absent) for practice. */
	assignmentId?: string | null;
}

/** A student's post in the class discussion of an article. */
export interface DiscussionResponse {
	studentId: string;
	articleId: string;
	respondedAt: number;
}

export interface GradebookInput {
	students: readonly GradebookStudent[];
	assignments: readonly GradebookAssignment[];
	progress: readonly SectionRead[];
	attempts: readonly QuizAttempt[];
	responses: readonly DiscussionResponse[];
	now: number;
}

export interface GradebookCell {
	assignmentId: string;
	sectionsRequired: number;
	sectionsRead: number;
	/** Share (0–1) of the required modules read; null when none is required. */
	readFraction: number | null;
	/** Best score (0–100) over the attempts that count for this assignment; null before any. */
	bestScorePercent: number | null;
	/** How many submitted attempts count for this assignment. */
	attempts: number;
	responded: boolean;
	status: AssignmentStatus;
	completedLate: boolean;
	/** Late now (`status` is `late`) or finished late: what a teacher's "late" column shows. */
	late: boolean;
	/** When the last requirement was met (UTC epoch ms); null while not done. */
	completedAt: number | null;
	remaining: string[];
}

export interface GradebookRow {
	student: GradebookStudent;
	/** One cell per assignment, in the order of `Gradebook.columns`. */
	cells: GradebookCell[];
}

export interface GradebookColumn {
	assignment: GradebookAssignment;
	/** Mean best score (0–100) of the students who attempted the quiz; null when none did. */
	averageBestScore: number | null;
	/** How many students have at least one counting attempt. */
	attempted: number;
	/** Share (0–1) of students who are done; null for a class with no students. */
	completionRate: number | null;
	/** Mean share (0–1) of required modules read; null with no students or nothing to read. */
	averageReadFraction: number | null;
}

export interface Gradebook {
	columns: GradebookColumn[];
	rows: GradebookRow[];
}

/**
 * Whether an attempt counts for an assignment. One made for an assignment counts for that
 * assignment alone. A practice attempt counts for an assignment without its own quiz when it
 * is on the same article and its quiz covered every module the assignment requires (the
 * whole-article quiz covers them all): a quiz on fewer modules than were assigned does not
 * show the assignment was learned.
 */
export function attemptCounts(attempt: QuizAttempt, assignment: GradebookAssignment): boolean {
	if (attempt.assignmentId != null) return attempt.assignmentId === assignment.id;
	if (assignment.ownQuizOnly) return false;
	if (attempt.articleId !== assignment.articleId) return false;
	const covered = attempt.sectionIds;
	// Both lists are an article's modules at most: a scan beats building a Set per call.
	return covered === null || assignment.sectionIds.every((id) => covered.includes(id));
}

interface StudentRecord {
	readAt: Map<string, number>;
	attempts: QuizAttempt[];
	respondedAt: Map<string, number>;
}

function keepEarliest(map: Map<string, number>, key: string, at: number) {
	const seen = map.get(key);
	if (seen === undefined || at < seen) map.set(key, at);
}

function indexByStudent(input: GradebookInput): Map<string, StudentRecord> {
	const records = new Map<string, StudentRecord>();
	for (const { id } of input.students) {
		records.set(id, { readAt: new Map(), attempts: [], respondedAt: new Map() });
	}
	for (const read of input.progress) {
		const record = records.get(read.studentId);
		if (record) keepEarliest(record.readAt, read.sectionId, read.readAt);
	}
	for (const attempt of input.attempts) records.get(attempt.studentId)?.attempts.push(attempt);
	for (const response of input.responses) {
		const record = records.get(response.studentId);
		if (record) keepEarliest(record.respondedAt, response.articleId, response.respondedAt);
	}
	return records;
}

function gradeCell(
	record: StudentRecord,
	assignment: GradebookAssignment,
	now: number
): GradebookCell {
	// Each requirement was met at some moment; the assignment was completed at the last one.
	const metAt: (number | undefined)[] = [];

	const readTimes = assignment.sectionIds.map((id) => record.readAt.get(id));
	const sectionsRead = readTimes.filter((at) => at !== undefined).length;
	const sectionsRequired = assignment.sectionIds.length;
	if (sectionsRequired > 0) {
		metAt.push(
			sectionsRead === sectionsRequired ? Math.max(...(readTimes as number[])) : undefined
		);
	}

	let bestScorePercent: number | null = null;
	let passedAt: number | undefined;
	let attempts = 0;
	for (const attempt of record.attempts) {
		if (!attemptCounts(attempt, assignment)) continue;
		attempts++;
		bestScorePercent = Math.max(bestScorePercent ?? -Infinity, attempt.scorePercent);
		if (attempt.scorePercent >= assignment.passMark) {
			passedAt = Math.min(passedAt ?? Infinity, attempt.submittedAt);
		}
	}
	if (assignment.requireQuiz) metAt.push(passedAt);

	const respondedAt = record.respondedAt.get(assignment.articleId);
	if (assignment.requireResponse) metAt.push(respondedAt);

	const done = metAt.every((at) => at !== undefined);
	const completedAt = done && metAt.length > 0 ? Math.max(...(metAt as number[])) : null;
	const standing = assignmentStatus({
		now,
		dueAt: assignment.dueAt,
		sectionsRequired,
		sectionsRead,
		requireQuiz: assignment.requireQuiz,
		passMark: assignment.passMark,
		bestScorePercent,
		requireResponse: assignment.requireResponse,
		responded: respondedAt !== undefined,
		completedAt
	});
	return {
		assignmentId: assignment.id,
		sectionsRequired,
		sectionsRead,
		readFraction: sectionsRequired > 0 ? sectionsRead / sectionsRequired : null,
		bestScorePercent,
		attempts,
		responded: respondedAt !== undefined,
		...standing,
		late: standing.status === 'late' || standing.completedLate,
		completedAt
	};
}

function mean(values: number[]): number | null {
	return values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;
}

function summarize(assignment: GradebookAssignment, cells: GradebookCell[]): GradebookColumn {
	const scores = cells.flatMap((c) => (c.bestScorePercent === null ? [] : [c.bestScorePercent]));
	const fractions = cells.flatMap((c) => (c.readFraction === null ? [] : [c.readFraction]));
	const done = cells.filter((c) => c.status === 'done').length;
	return {
		assignment,
		averageBestScore: mean(scores),
		attempted: scores.length,
		completionRate: cells.length === 0 ? null : done / cells.length,
		averageReadFraction: mean(fractions)
	};
}

/**
 * A class's gradebook: one row per student (in the order given), one cell per assignment
 * (in the order given), and a summary per assignment. Records of people who are not in
 * `students` are ignored; a module read twice counts once, from its first reading.
 */
export function buildGradebook(input: GradebookInput): Gradebook {
	const records = indexByStudent(input);
	const rows = input.students.map((student) => ({
		student,
		cells: input.assignments.map((assignment) =>
			gradeCell(records.get(student.id)!, assignment, input.now)
		)
	}));
	const columns = input.assignments.map((assignment, i) =>
		summarize(
			assignment,
			rows.map((row) => row.cells[i]!)
		)
	);
	return { columns, rows };
}

export const gradebookFields = ['read', 'quiz', 'responded', 'status'] as const;
export type GradebookField = (typeof gradebookFields)[number];

/** What to sort a gradebook by: the student's name, or one field of one assignment. */
export type GradebookSortKey = 'student' | { assignmentId: string; field: GradebookField };
export type SortDirection = 'asc' | 'desc';

/** A sort key as it travels in a URL: `student` or `<field>:<assignmentId>`. */
export function formatGradebookSortKey(key: GradebookSortKey): string {
	return key === 'student' ? 'student' : `${key.field}:${key.assignmentId}`;
}

/** The sort key in a URL parameter, or null when it is not one. */
export function parseGradebookSortKey(value: string | null | undefined): GradebookSortKey | null {
	if (value === 'student') return 'student';
	const colon = value?.indexOf(':') ?? -1;
	if (!value || colon < 1 || colon === value.length - 1) return null;
	const field = value.slice(0, colon);
	const assignmentId = value.slice(colon + 1);
	return (gradebookFields as readonly string[]).includes(field)
		? { field: field as GradebookField, assignmentId }
		: null;
}

// Ascending puts whoever needs attention first: late, then not started, in progress,
// done late, done on time.
const STATUS_RANK: Record<AssignmentStatus, number> = {
	late: 0,
	'not-started': 1,
	'in-progress': 2,
	done: 3
};

function fieldValue(cell: GradebookCell | undefined, field: GradebookField): number | null {
	if (!cell) return null;
	switch (field) {
		case 'read':
			return cell.readFraction;
		case 'quiz':
			return cell.bestScorePercent;
		case 'responded':
			return cell.responded ? 1 : 0;
		case 'status':
			return STATUS_RANK[cell.status] * 2 + (cell.status === 'done' && !cell.completedLate ? 1 : 0);
	}
}

const names = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/**
 * Rows sorted by `key`, as a new array. Stable: rows that compare equal keep their order, in
 * either direction. Missing values (no quiz attempt yet, nothing to read) come last in
 * either direction. Names compare as people expect: case and accents aside, "Kim 2" before
 * "Kim 10".
 */
export function sortGradebook(
	rows: readonly GradebookRow[],
	key: GradebookSortKey,
	direction: SortDirection = 'asc'
): GradebookRow[] {
	const sign = direction === 'asc' ? 1 : -1;
	if (key === 'student') {
		return [...rows].sort((a, b) => sign * names.compare(a.student.name, b.student.name));
	}
	const valueOf = (row: GradebookRow) =>
		fieldValue(
			row.cells.find((cell) => cell.assignmentId === key.assignmentId),
			key.field
		);
	return rows
		.map((row) => ({ row, value: valueOf(row) }))
		.sort((a, b) => {
			if (a.value === null || b.value === null) {
				return a.value === b.value ? 0 : a.value === null ? 1 : -1;
			}
			return sign * (a.value - b.value);
		})
		.map(({ row }) => row);
}
