import { describe, expect, it } from 'vitest';
import {
	attemptCounts,
	buildGradebook,
	formatGradebookSortKey,
	parseGradebookSortKey,
	sortGradebook,
	type GradebookAssignment,
	type GradebookInput,
	type GradebookRow
} from './index';

const HOUR = 3_600_000;
const DUE = Date.UTC(2025, 2, 14, 17, 0);
const at = (hoursFromDue: number) => DUE + hoursFromDue * HOUR;

const whole: GradebookAssignment = {
	id: 'as-whole',
	title: 'NATO talks',
	articleId: 'art-nato',
	sectionIds: ['sec-a', 'sec-b', 'sec-c'],
	dueAt: DUE,
	requireQuiz: true,
	passMark: 70,
	requireResponse: true
};

const background: GradebookAssignment = {
	id: 'as-background',
	title: 'Background',
	articleId: 'art-nato',
	sectionIds: ['sec-a'],
	dueAt: null,
	requireQuiz: true,
	passMark: 50,
	requireResponse: false
};

/**
 * Ana finishes on time; Bob read one module and took a quiz on that module only; Chloé
 * finishes after the due date; Dev does nothing. Someone outside the class leaves traces.
 */
const input: GradebookInput = {
	now: at(24),
	students: [
		{ id: 'ana', name: 'Ana Souza' },
		{ id: 'bob', name: 'bob lee' },
		{ id: 'chloe', name: 'Chloé Martin' },
		{ id: 'dev', name: 'Dev Patel' }
	],
	assignments: [whole, background],
	progress: [
		{ studentId: 'ana', sectionId: 'sec-a', readAt: at(-10) },
		{ studentId: 'ana', sectionId: 'sec-b', readAt: at(-9) },
		{ studentId: 'ana', sectionId: 'sec-c', readAt: at(-8) },
		{ studentId: 'ana', sectionId: 'sec-a', readAt: at(5) },
		{ studentId: 'bob', sectionId: 'sec-a', readAt: at(-3) },
		{ studentId: 'chloe', sectionId: 'sec-a', readAt: at(-2) },
		{ studentId: 'chloe', sectionId: 'sec-b', readAt: at(-1) },
		{ studentId: 'chloe', sectionId: 'sec-c', readAt: at(2) },
		{ studentId: 'outsider', sectionId: 'sec-a', readAt: at(-1) }
	],
	attempts: [
		{
			studentId: 'ana',
			articleId: 'art-nato',
			sectionIds: null,
			scorePercent: 60,
			submittedAt: at(-7)
		},
		{
			studentId: 'ana',
			articleId: 'art-nato',
			sectionIds: null,
			scorePercent: 80,
			submittedAt: at(-6)
		},
		{
			studentId: 'ana',
			articleId: 'art-other',
			sectionIds: null,
			scorePercent: 100,
			submittedAt: at(-6)
		},
		{
			studentId: 'bob',
			articleId: 'art-nato',
			sectionIds: ['sec-a'],
			scorePercent: 90,
			submittedAt: at(-2)
		},
		{
			studentId: 'chloe',
			articleId: 'art-nato',
			sectionIds: ['sec-c', 'sec-b', 'sec-a'],
			scorePercent: 75,
			submittedAt: at(3)
		},
		{
			studentId: 'outsider',
			articleId: 'art-nato',
			sectionIds: null,
			scorePercent: 0,
			submittedAt: at(-1)
		}
	],
	responses: [
		{ studentId: 'ana', articleId: 'art-nato', respondedAt: at(-5) },
		{ studentId: 'chloe', articleId: 'art-nato', respondedAt: at(-4) },
		{ studentId: 'dev', articleId: 'art-other', respondedAt: at(-4) }
	]
};

const gradebook = buildGradebook(input);
const cell = (student: string, assignment: string) =>
	gradebook.rows
		.find((r) => r.student.id === student)!
		.cells.find((c) => c.assignmentId === assignment)!;

describe('buildGradebook', () => {
	it('has a row per student in the order given and a cell per assignment in column order', () => {
		expect(gradebook.rows.map((r) => r.student.id)).toEqual(['ana', 'bob', 'chloe', 'dev']);
		expect(gradebook.columns.map((c) => c.assignment.id)).toEqual(['as-whole', 'as-background']);
		for (const row of gradebook.rows) {
			expect(row.cells.map((c) => c.assignmentId)).toEqual(['as-whole', 'as-background']);
		}
	});

	it('marks done on time a student who met every requirement before the due date', () => {
		expect(cell('ana', 'as-whole')).toEqual({
			assignmentId: 'as-whole',
			sectionsRequired: 3,
			sectionsRead: 3,
			readFraction: 1,
			bestScorePercent: 80,
			attempts: 2,
			responded: true,
			status: 'done',
			completedLate: false,
			late: false,
			// The last requirement met was the response, at −5 h.
			completedAt: at(-5),
			remaining: []
		});
	});

	it('dates completion from the first passing attempt, not the best one', () => {
		// For the 50% pass mark, Ana's 60% at −7 h already passed; her last read was at −8 h.
		expect(cell('ana', 'as-background')).toMatchObject({
			status: 'done',
			bestScorePercent: 80,
			completedAt: at(-7)
		});
	});

	it('counts only quizzes that covered every assigned module', () => {
		// Bob's quiz on module a counts for the module-a assignment, not for the whole article.
		expect(cell('bob', 'as-background').bestScorePercent).toBe(90);
		expect(cell('bob', 'as-whole')).toMatchObject({
			sectionsRead: 1,
			readFraction: 1 / 3,
			bestScorePercent: null,
			responded: false,
			status: 'late',
			late: true,
			completedAt: null,
			remaining: ['Read 2 more modules', 'Pass the quiz (70% needed)', 'Respond to the discussion']
		});
	});

	it('keeps a student who finished after the due date done, flagged late', () => {
		expect(cell('chloe', 'as-whole')).toMatchObject({
			status: 'done',
			completedLate: true,
			late: true,
			completedAt: at(3)
		});
	});

	it('shows a student who has done nothing as late after the due date, not started without one', () => {
		expect(cell('dev', 'as-whole')).toMatchObject({ status: 'late', responded: false });
		expect(cell('dev', 'as-background')).toMatchObject({
			status: 'not-started',
			late: false,
			readFraction: 0,
			bestScorePercent: null
		});
	});

	it('summarises each assignment over the class', () => {
		const [wholeColumn, backgroundColumn] = gradebook.columns;
		expect(wholeColumn).toMatchObject({
			averageBestScore: (80 + 75) / 2,
			attempted: 2,
			completionRate: 2 / 4
		});
		expect(wholeColumn!.averageReadFraction).toBeCloseTo((1 + 1 / 3 + 1 + 0) / 4, 12);
		expect(backgroundColumn).toMatchObject({
			attempted: 3,
			completionRate: 3 / 4,
			averageReadFraction: 3 / 4
		});
		expect(backgroundColumn!.averageBestScore).toBeCloseTo((80 + 90 + 75) / 3, 12);
	});

	it('ignores the records of people who are not in the class', () => {
		const withoutOutsider = buildGradebook({
			...input,
			progress: input.progress.filter((p) => p.studentId !== 'outsider'),
			attempts: input.attempts.filter((a) => a.studentId !== 'outsider')
		});
		expect(withoutOutsider).toEqual(gradebook);
	});

	it('leaves reading blank when an assignment has no module to read', () => {
		const quizOnly = { ...background, id: 'quiz-only', sectionIds: [] };
		const book = buildGradebook({ ...input, assignments: [quizOnly] });
		expect(book.rows[0]!.cells[0]).toMatchObject({ readFraction: null, status: 'done' });
		expect(book.columns[0]!.averageReadFraction).toBeNull();
	});

	it('summarises an empty class with nulls rather than zeros', () => {
		const book = buildGradebook({ ...input, students: [] });
		expect(book.rows).toEqual([]);
		expect(book.columns[0]).toMatchObject({
			averageBestScore: null,
			attempted: 0,
			completionRate: null,
			averageReadFraction: null
		});
	});
});

describe('attemptCounts', () => {
	const attempt = { studentId: 's', articleId: 'art-nato', scorePercent: 50, submittedAt: 0 };

	it('counts the whole-article quiz for any assignment on that article', () => {
		expect(attemptCounts({ ...attempt, sectionIds: null }, whole)).toBe(true);
		expect(attemptCounts({ ...attempt, sectionIds: null }, background)).toBe(true);
	});

	it('counts a quiz on a superset of the assigned modules, not on a subset', () => {
		expect(attemptCounts({ ...attempt, sectionIds: ['sec-a', 'sec-b'] }, background)).toBe(true);
		expect(attemptCounts({ ...attempt, sectionIds: ['sec-a', 'sec-b'] }, whole)).toBe(false);
	});

	it('never counts a quiz on another article', () => {
		expect(attemptCounts({ ...attempt, articleId: 'art-other', sectionIds: null }, whole)).toBe(
			false
		);
	});

	it('counts an attempt made for an assignment for that assignment alone', () => {
		const made = { ...attempt, sectionIds: null, assignmentId: 'as-whole' };
		expect(attemptCounts(made, whole)).toBe(true);
		expect(attemptCounts(made, background)).toBe(false);
	});

	it('counts no practice attempt for an assignment that sets its own quiz', () => {
		expect(attemptCounts({ ...attempt, sectionIds: null }, { ...whole, ownQuizOnly: true })).toBe(
			false
		);
	});
});

describe('an assignment with its own quiz, cell by cell', () => {
	// Three attempts allowed, ten questions drawn: only attempts made for it count, the best one.
	const own: GradebookAssignment = {
		...whole,
		id: 'as-own',
		sectionIds: [],
		requireResponse: false,
		ownQuizOnly: true
	};
	const book = buildGradebook({
		now: at(24),
		students: [
			{ id: 'ana', name: 'Ana' },
			{ id: 'bob', name: 'Bob' },
			{ id: 'cy', name: 'Cy' }
		],
		assignments: [own],
		progress: [],
		attempts: [
			// Ana: 40%, then 90%, then 60%, all for the assignment: the best, 90%, counts.
			{
				studentId: 'ana',
				articleId: 'art-nato',
				sectionIds: null,
				scorePercent: 40,
				submittedAt: at(-9),
				assignmentId: 'as-own'
			},
			{
				studentId: 'ana',
				articleId: 'art-nato',
				sectionIds: null,
				scorePercent: 90,
				submittedAt: at(-8),
				assignmentId: 'as-own'
			},
			{
				studentId: 'ana',
				articleId: 'art-nato',
				sectionIds: null,
				scorePercent: 60,
				submittedAt: at(-7),
				assignmentId: 'as-own'
			},
			// Bob: 100% on the whole-article practice quiz, 50% for the assignment.
			{
				studentId: 'bob',
				articleId: 'art-nato',
				sectionIds: null,
				scorePercent: 100,
				submittedAt: at(-6)
			},
			{
				studentId: 'bob',
				articleId: 'art-nato',
				sectionIds: null,
				scorePercent: 50,
				submittedAt: at(-5),
				assignmentId: 'as-own'
			},
			// Cy: 100% for another assignment only.
			{
				studentId: 'cy',
				articleId: 'art-nato',
				sectionIds: null,
				scorePercent: 100,
				submittedAt: at(-5),
				assignmentId: 'as-other'
			}
		],
		responses: []
	});
	const own1 = (student: string) => book.rows.find((r) => r.student.id === student)!.cells[0]!;

	it('takes the best of the assignment’s attempts, dated from the first that passed', () => {
		expect(own1('ana')).toEqual({
			assignmentId: 'as-own',
			sectionsRequired: 0,
			sectionsRead: 0,
			readFraction: null,
			bestScorePercent: 90,
			attempts: 3,
			responded: false,
			status: 'done',
			completedLate: false,
			late: false,
			completedAt: at(-8),
			remaining: []
		});
	});

	it('ignores a practice attempt, however good: not passed yet, late after the due date', () => {
		expect(own1('bob')).toMatchObject({
			bestScorePercent: 50,
			attempts: 1,
			status: 'late',
			remaining: ['Pass the quiz (70% needed, best so far 50%)']
		});
	});

	it('ignores an attempt made for another assignment', () => {
		expect(own1('cy')).toMatchObject({ bestScorePercent: null, attempts: 0, status: 'late' });
	});

	it('averages the best scores of those who attempted it', () => {
		expect(book.columns[0]).toMatchObject({ averageBestScore: 70, attempted: 2 });
	});
});

describe('sortGradebook', () => {
	const ids = (rows: GradebookRow[]) => rows.map((r) => r.student.id);
	const { rows } = gradebook;

	it('sorts by student name ignoring case and accents, either way', () => {
		expect(ids(sortGradebook(rows, 'student'))).toEqual(['ana', 'bob', 'chloe', 'dev']);
		expect(ids(sortGradebook(rows, 'student', 'desc'))).toEqual(['dev', 'chloe', 'bob', 'ana']);
	});

	it('sorts numbers inside names as numbers', () => {
		const numbered = ['Kim 10', 'Kim 2', 'Kim 1'].map((name) => ({
			student: { id: name, name },
			cells: []
		}));
		expect(ids(sortGradebook(numbered, 'student'))).toEqual(['Kim 1', 'Kim 2', 'Kim 10']);
	});

	it('puts students without a quiz score last in both directions, in their original order', () => {
		const key = { assignmentId: 'as-whole', field: 'quiz' } as const;
		expect(ids(sortGradebook(rows, key, 'asc'))).toEqual(['chloe', 'ana', 'bob', 'dev']);
		expect(ids(sortGradebook(rows, key, 'desc'))).toEqual(['ana', 'chloe', 'bob', 'dev']);
	});

	it('sorts by reading completion and by response', () => {
		const read = { assignmentId: 'as-whole', field: 'read' } as const;
		expect(ids(sortGradebook(rows, read, 'asc'))).toEqual(['dev', 'bob', 'ana', 'chloe']);
		const responded = { assignmentId: 'as-whole', field: 'responded' } as const;
		expect(ids(sortGradebook(rows, responded, 'desc'))).toEqual(['ana', 'chloe', 'bob', 'dev']);
	});

	it('sorts by status with whoever needs attention first: late, not started, in progress, done late, done', () => {
		const key = { assignmentId: 'as-whole', field: 'status' } as const;
		expect(ids(sortGradebook(rows, key, 'asc'))).toEqual(['bob', 'dev', 'chloe', 'ana']);
	});

	it('keeps equal rows in their original order when sorting descending too', () => {
		const key = { assignmentId: 'as-background', field: 'read' } as const;
		expect(ids(sortGradebook(rows, key, 'desc'))).toEqual(['ana', 'bob', 'chloe', 'dev']);
	});

	it('leaves the rows in order for an assignment that is not in the gradebook', () => {
		expect(ids(sortGradebook(rows, { assignmentId: 'gone', field: 'quiz' }))).toEqual(ids(rows));
	});

	it('returns a new array and leaves the input alone', () => {
		const before = ids(rows);
		expect(sortGradebook(rows, 'student', 'desc')).not.toBe(rows);
		expect(ids(rows)).toEqual(before);
	});
});

describe('gradebook sort keys in URLs', () => {
	it('round-trips a key through its URL form', () => {
		const key = { assignmentId: 'as-whole', field: 'status' } as const;
		expect(formatGradebookSortKey(key)).toBe('status:as-whole');
		expect(parseGradebookSortKey('status:as-whole')).toEqual(key);
		expect(parseGradebookSortKey('student')).toBe('student');
	});

	it('keeps colons inside an assignment id', () => {
		expect(parseGradebookSortKey('quiz:a:b')).toEqual({ field: 'quiz', assignmentId: 'a:b' });
	});

	it('gives null for anything else', () => {
		for (const bad of [null, undefined, '', 'grade:as-whole', 'quiz:', ':as-whole', 'Student']) {
			expect(parseGradebookSortKey(bad), String(bad)).toBeNull();
		}
	});
});
