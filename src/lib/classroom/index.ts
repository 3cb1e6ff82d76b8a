/**
 * The classroom domain: pure functions and zod schemas for classes, join codes, assignments,
 * student rosters, assignment status, the gradebook, quiz insights and their exports. Plain
 * data in, plain data out: no database, no I/O, no Svelte. Times are UTC epoch milliseconds;
 * shares are 0–1; scores and pass marks are percentages 0–100.
 */

// Join codes: generate, normalise what a student typed, validate.
export {
	JOIN_CODE_ALPHABET,
	JOIN_CODE_LENGTH,
	formatJoinCode,
	generateJoinCode,
	joinCodeSchema,
	normalizeJoinCode
} from './join-code';

// Randomness is injectable everywhere it is used, so tests can pin it.
export { cryptoRandomBytes, type RandomBytes } from './random';

// Time zones: a class's due dates are entered in its zone and stored as UTC.
export {
	canonicalTimeZone,
	formatInTimeZone,
	localDateTimeToUtc,
	timeZoneSchema,
	utcToLocalDateTime
} from './time-zone';

// Form and API input for classes and assignments.
export {
	DEFAULT_PASS_MARK,
	MAX_ATTEMPTS,
	MAX_QUIZ_QUESTIONS,
	assignmentInputSchema,
	classInputSchema,
	resolveAssignedSections,
	type AssignableSection,
	type AssignmentInput,
	type ClassInput,
	type ResolvedSections
} from './schemas';

// Adding students in bulk: names, usernames, first passwords.
export {
	MAX_NAME_LENGTH,
	MAX_ROSTER_NAMES,
	ONE_TIME_PASSWORD_ALPHABET,
	ONE_TIME_PASSWORD_BITS,
	generateOneTimePassword,
	makeUsername,
	parseRosterNames,
	planStudentAccounts,
	rosterNamesSchema,
	type PlannedStudent,
	type RosterResult,
	type RosterStudent
} from './roster';
export {
	MAX_ROSTER_CSV_BYTES,
	importableStudents,
	parseRosterCsv,
	type RosterCsv,
	type RosterCsvRow
} from './roster-csv';

// What an assignment asks to read, and how it is named.
export { assignedModules, assignmentTitle, type ModuleRef } from './modules';

// The quiz an assignment sets: its questions, attempts and verdict.
export {
	assignedQuizSections,
	attemptAllowance,
	questionsToDraw,
	quizVerdict,
	setsOwnQuiz,
	type AssignedQuizRules,
	type AttemptAllowance
} from './assigned-quiz';

// One student's standing on one assignment.
export {
	assignmentStatus,
	assignmentStatuses,
	type AssignmentProgress,
	type AssignmentStanding,
	type AssignmentStatus
} from './status';

// The teacher's gradebook.
export {
	attemptCounts,
	buildGradebook,
	formatGradebookSortKey,
	gradebookFields,
	parseGradebookSortKey,
	sortGradebook,
	type DiscussionResponse,
	type Gradebook,
	type GradebookAssignment,
	type GradebookCell,
	type GradebookColumn,
	type GradebookField,
	type GradebookInput,
	type GradebookRow,
	type GradebookSortKey,
	type GradebookStudent,
	type QuizAttempt,
	type SectionRead,
	type SortDirection
} from './gradebook';

// Insights: which questions the class got wrong, which modules it read.
export {
	groupSize,
	itemAnalysis,
	moduleCompletion,
	type AnsweredQuestion,
	type FirstAttempt,
	type ArticleInsights,
	type ItemStatistics,
	type ModuleCompletion,
	type QuestionInsight
} from './insights';

// Exports and charts.
export { gradebookCsv } from './csv';
export { BAR_LABEL_LENGTH, facilityBars, shorten, type ChartBar, type ChartDatum } from './chart';
