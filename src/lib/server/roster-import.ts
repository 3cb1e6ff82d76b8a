// A roster file, from the form to the class (issue 15): read as the add-students page sends it
// (a file, or the text carried from the preview to the import), parsed by the pure
// `parseRosterCsv`, and checked against the accounts that exist before anything is stored.
import {
	MAX_ROSTER_CSV_BYTES,
	importableStudents,
	parseRosterCsv,
	type RosterCsv
} from '../classroom';
import { refuse, type Refusal } from '../refusal';
import { rosterConflicts } from './classroom';
import type { Executor } from './db/client';

export type RosterInput = { ok: true; text: string; csv: RosterCsv } | Refusal;

/** The roster a form holds: the file field `file`, else the `csv` text the preview carried. */
export async function rosterFromForm(form: FormData): Promise<RosterInput> {
	const file = form.get('file');
	let text: string;
	if (file instanceof File && file.size > 0) {
		if (file.size > MAX_ROSTER_CSV_BYTES) {
			return refuse(
				400,
				'That file is larger than 256 kB: import at most 200 students at a time.',
				'file'
			);
		}
		try {
			text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
		} catch {
			// A spreadsheet's plain "CSV" is often in the computer's own code page: accented names
			// would come out broken, so the file is refused rather than read wrong.
			return refuse(
				400,
				'The file is not UTF-8 text: in your spreadsheet, save it as “CSV UTF-8” and choose it again.',
				'file'
			);
		}
	} else {
		const carried = form.get('csv');
		if (typeof carried !== 'string' || carried.trim() === '') {
			return refuse(400, 'Choose a roster file (.csv).', 'file');
		}
		if (new TextEncoder().encode(carried).length > MAX_ROSTER_CSV_BYTES) {
			return refuse(400, 'That roster is larger than 256 kB.', 'file');
		}
		text = carried;
	}
	return { ok: true, text, csv: parseRosterCsv(text) };
}

export interface RosterPreview extends RosterCsv {
	/** Every row can be imported: the import may go ahead. */
	ready: boolean;
}

/**
 * The file's rows with what the database adds: a username an account already holds is that
 * row's problem (the import would refuse it as a whole, in its transaction, all the same).
 */
export async function previewRoster(db: Executor, csv: RosterCsv): Promise<RosterPreview> {
	const taken = new Set(await rosterConflicts(db, csv.rows));
	const rows = csv.rows.map((row) =>
		!row.problem && row.username && taken.has(row.username)
			? { ...row, problem: `The username “${row.username}” belongs to another account.` }
			: row
	);
	const checked = { ...csv, rows };
	return { ...checked, ready: importableStudents(checked) !== null };
}
