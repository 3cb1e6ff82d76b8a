import { stringify } from 'csv-stringify/sync';
import type { Gradebook, GradebookCell } from './gradebook';
import type { AssignmentStatus } from './status';

const STATUS_TEXT: Record<AssignmentStatus, string> = {
	'not-started': 'not started',
	'in-progress': 'in progress',
	done: 'done',
	late: 'late'
};

const statusText = (cell: GradebookCell) =>
	cell.completedLate ? 'done (late)' : STATUS_TEXT[cell.status];

/**
 * The gradebook as a CSV file (RFC 4180) that spreadsheet programs open cleanly: UTF-8 with
 * a byte-order mark, CRLF line endings, fields quoted when they hold a comma, quote or line
 * break, quotes doubled. Text that a spreadsheet would run as a formula (starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`; numbers stay numbers.
 * Columns: Student, then for each assignment its read %, best quiz %, responded (yes/no)
 * and status. Percentages are whole for reading and to one decimal for quizzes; an empty
 * field means nothing to read or no attempt yet.
 */
export function gradebookCsv(gradebook: Gradebook): string {
	const header = [
		'Student',
		...gradebook.columns.flatMap(({ assignment: { title } }) => [
			`${title} — read %`,
			`${title} — best quiz %`,
			`${title} — responded`,
			`${title} — status`
		])
	];
	const records = gradebook.rows.map((row) => [
		row.student.name,
		...row.cells.flatMap((cell) => [
			cell.readFraction === null ? null : Math.round(cell.readFraction * 100),
			cell.bestScorePercent === null ? null : Math.round(cell.bestScorePercent * 10) / 10,
			cell.responded ? 'yes' : 'no',
			statusText(cell)
		])
	]);
	return stringify([header, ...records], {
		bom: true,
		record_delimiter: 'windows',
		// Naming a record delimiter turns off quoting of lone LF and CR; keep it on.
		quote_record_delimiter: true,
		escape_formulas: true
	});
}
