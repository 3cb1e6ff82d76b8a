// A class roster from a spreadsheet or a student information system, as CSV (issue 15): a
// name, optionally a username and an e-mail for each student. The columns are found by their
// headers, in the words teachers use ("Name", "First name", "E-mail") or OneRoster's users.csv
// (`givenName`, `familyName`, `username`, `email`, `role`, `enabledUser`, `status`); a file
// without a header row is read as name, username, e-mail in that order. Every row is checked;
// what is wrong is said per row, by the line the teacher sees in the spreadsheet, before
// anything is stored. E-mails are read and checked but never become an account's address:
// Lectern cannot confirm them, and a wrong one would keep its owner from signing up.
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { MAX_NAME_LENGTH, MAX_ROSTER_NAMES } from './roster';

/** A roster file's size bound: 200 students with long names and e-mails fit many times over. */
export const MAX_ROSTER_CSV_BYTES = 256 * 1024;
export const MAX_USERNAME_LENGTH = 40;
/** Lower-case letters and digits, words joined by one dot, dash or underscore: no `@`. */
const USERNAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const email = z.email();

type Column = 'name' | 'given' | 'family' | 'username' | 'email' | 'role' | 'enabled' | 'status';

/** Header words, squeezed (lower case, no spaces, dashes or underscores), by column. */
const HEADERS: Record<string, Column> = {
	name: 'name',
	fullname: 'name',
	displayname: 'name',
	studentname: 'name',
	student: 'name',
	givenname: 'given',
	firstname: 'given',
	first: 'given',
	forename: 'given',
	familyname: 'family',
	lastname: 'family',
	last: 'family',
	surname: 'family',
	username: 'username',
	login: 'username',
	user: 'username',
	email: 'email',
	emailaddress: 'email',
	mail: 'email',
	role: 'role',
	enableduser: 'enabled',
	status: 'status'
};
/** Headers only a OneRoster file has: it lists teachers and parents too, told apart by `role`. */
const ONEROSTER = new Set(['sourcedid', 'enableduser', 'usermasteridentifier', 'orgsourcedids']);
/** OneRoster's roles that are students (its users.csv lists teachers and parents as well). */
const STUDENT_ROLES = new Set(['student', 'learner', 'pupil']);

export interface RosterCsvRow {
	/** The line the row starts on, as a spreadsheet numbers it (the header row is line 1). */
	line: number;
	name: string;
	username: string | null;
	email: string | null;
	/** What is wrong with the row, or null when it can be imported. */
	problem: string | null;
}

export interface RosterCsv {
	rows: RosterCsvRow[];
	/** Rows left out on purpose, and why (a OneRoster teacher, an empty row is not listed). */
	skipped: { line: number; reason: string }[];
	/** Header cells Lectern does not read (a OneRoster file has many). */
	ignoredColumns: string[];
	/** What is wrong with the file as a whole: nothing can be imported while there is any. */
	problems: string[];
}

const squeeze = (header: string) => header.toLowerCase().replace(/[\s_-]+/g, '');
const clean = (value: string | undefined) => (value ?? '').trim().replace(/\s+/g, ' ');

/** Reads a roster CSV (a leading BOM, CRLF, quoted fields with commas and line breaks). */
export function parseRosterCsv(text: string): RosterCsv {
	const result: RosterCsv = { rows: [], skipped: [], ignoredColumns: [], problems: [] };
	let records: { record: string[]; info: { lines: number } }[];
	try {
		records = parse(text, {
			bom: true,
			info: true,
			relax_column_count: true,
			skip_empty_lines: false,
			record_delimiter: ['\r\n', '\n', '\r']
		}) as unknown as { record: string[]; info: { lines: number } }[];
	} catch (error) {
		const line = (error as { lines?: number }).lines;
		result.problems.push(
			`The file is not readable as CSV${line ? ` (line ${line})` : ''}: check its quotes.`
		);
		return result;
	}
	const first = records[0]?.record ?? [];
	const known = first.map((cell) => HEADERS[squeeze(cell)]);
	const hasHeader = known.some((column) => column !== undefined);
	const columns: (Column | undefined)[] = hasHeader ? known : ['name', 'username', 'email'];
	if (hasHeader) {
		result.ignoredColumns = first.filter((_, i) => known[i] === undefined).map((c) => c.trim());
		if (!known.includes('name') && !(known.includes('given') || known.includes('family'))) {
			result.problems.push(
				'The file has no column of names: name it “Name”, or “First name” and “Last name”.'
			);
			return result;
		}
		if (!known.includes('role') && first.some((cell) => ONEROSTER.has(squeeze(cell)))) {
			result.problems.push(
				'This OneRoster file has no “role” column, so its students cannot be told from its teachers and parents: export the students alone, or with their roles.'
			);
			return result;
		}
	}
	const at = (record: string[], column: Column) => {
		const index = columns.indexOf(column);
		return index < 0 ? '' : clean(record[index]);
	};
	const usernames = new Map<string, number>();
	const emails = new Map<string, number>();
	// Each record starts on the line after the one the record before it ended on (a quoted
	// field may hold line breaks).
	let ended = hasHeader ? (records[0]?.info.lines ?? 0) : 0;
	for (const { record, info } of hasHeader ? records.slice(1) : records) {
		const line = ended + 1;
		ended = info.lines;
		if (record.every((cell) => cell.trim() === '')) continue;
		const role = at(record, 'role').toLowerCase();
		if (role && !STUDENT_ROLES.has(role)) {
			result.skipped.push({ line, reason: `not a student (role “${role}”)` });
			continue;
		}
		if (at(record, 'enabled').toLowerCase() === 'false') {
			result.skipped.push({ line, reason: 'not enabled (enabledUser false)' });
			continue;
		}
		if (at(record, 'status').toLowerCase() === 'tobedeleted') {
			result.skipped.push({ line, reason: 'to be deleted (status tobedeleted)' });
			continue;
		}
		const name =
			at(record, 'name') || [at(record, 'given'), at(record, 'family')].filter(Boolean).join(' ');
		// A school's login is often an e-mail address (user@school): not a Lectern username, so
		// one is made from the name instead, as the preview shows.
		const asked = at(record, 'username').toLowerCase();
		const username = asked && !asked.includes('@') ? asked : null;
		const address = at(record, 'email').toLowerCase() || null;
		result.rows.push({
			line,
			name,
			username,
			email: address,
			problem: rowProblem(name, username, address, line, usernames, emails)
		});
	}
	if (result.rows.length === 0) result.problems.push('The file lists no students.');
	if (result.rows.length > MAX_ROSTER_NAMES) {
		result.problems.push(
			`The file lists ${result.rows.length} students; import at most ${MAX_ROSTER_NAMES} at a time.`
		);
	}
	return result;
}

function rowProblem(
	name: string,
	username: string | null,
	address: string | null,
	line: number,
	usernames: Map<string, number>,
	emails: Map<string, number>
): string | null {
	if (!name) return 'No name.';
	if (/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u.test(name)) {
		return 'The name contains characters that are not text.';
	}
	if (name.length > MAX_NAME_LENGTH) {
		return `The name has ${name.length} characters; at most ${MAX_NAME_LENGTH}.`;
	}
	if (username !== null) {
		if (username.length < 3 || username.length > MAX_USERNAME_LENGTH || !USERNAME.test(username)) {
			return `The username “${username}” is not one Lectern can use: 3 to ${MAX_USERNAME_LENGTH} letters or digits, words joined by “.”, “-” or “_”.`;
		}
		const before = usernames.get(username);
		if (before !== undefined) return `The username “${username}” is already on line ${before}.`;
		usernames.set(username, line);
	}
	if (address !== null) {
		if (address.length > 254 || !email.safeParse(address).success) {
			return `“${address}” is not an e-mail address.`;
		}
		const before = emails.get(address);
		if (before !== undefined) return `The e-mail “${address}” is already on line ${before}.`;
		emails.set(address, line);
	}
	return null;
}

/** The students a roster CSV would add (names and usernames), when every row can be: else null. */
export function importableStudents(
	csv: RosterCsv
): { name: string; username: string | null }[] | null {
	if (csv.problems.length > 0 || csv.rows.some((row) => row.problem !== null)) return null;
	return csv.rows.map(({ name, username }) => ({ name, username }));
}
