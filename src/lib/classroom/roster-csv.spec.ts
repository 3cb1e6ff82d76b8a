import { describe, expect, it } from 'vitest';
import { importableStudents, parseRosterCsv } from './roster-csv';

const names = (text: string) => parseRosterCsv(text).rows.map((r) => [r.line, r.name]);

describe('a roster CSV', () => {
	it('reads a spreadsheet’s export: BOM, CRLF, quoted commas, e-mails and usernames in lower case', () => {
		const csv = parseRosterCsv(
			'\ufeffName,Username,E-mail\r\n"O’Neil, Zoë",Zoe.ONeil,Zoe@Example.org\r\nAna  Lima,,\r\n'
		);
		expect(csv).toEqual({
			rows: [
				{
					line: 2,
					name: 'O’Neil, Zoë',
					username: 'zoe.oneil',
					email: 'zoe@example.org',
					problem: null
				},
				{ line: 3, name: 'Ana Lima', username: null, email: null, problem: null }
			],
			skipped: [],
			ignoredColumns: [],
			problems: []
		});
		// E-mails are read and checked, never handed on to be stored.
		expect(importableStudents(csv)).toEqual([
			{ name: 'O’Neil, Zoë', username: 'zoe.oneil' },
			{ name: 'Ana Lima', username: null }
		]);
	});

	it('reads OneRoster’s users.csv: given and family names, its enabled students only, its other columns ignored', () => {
		const csv = parseRosterCsv(
			[
				'sourcedId,status,enabledUser,role,username,givenName,familyName,email',
				's1,active,true,student,ana.lima,Ana,Lima,ana@example.org',
				't1,active,true,teacher,mr.t,Tom,Tate,tom@example.org',
				's2,active,true,student,,Ben,,',
				's3,active,false,student,cleo,Cleo,Diaz,',
				's4,tobedeleted,true,student,dan,Dan,Eze,',
				's5,active,true,student,eve@school.example,Eve,Fox,'
			].join('\n')
		);
		expect(csv.rows.map((r) => [r.line, r.name, r.username, r.email])).toEqual([
			[2, 'Ana Lima', 'ana.lima', 'ana@example.org'],
			[4, 'Ben', null, null],
			// A school login that is an e-mail address is no Lectern username: one is made instead.
			[7, 'Eve Fox', null, null]
		]);
		expect(csv.skipped).toEqual([
			{ line: 3, reason: 'not a student (role “teacher”)' },
			{ line: 5, reason: 'not enabled (enabledUser false)' },
			{ line: 6, reason: 'to be deleted (status tobedeleted)' }
		]);
		expect(csv.ignoredColumns).toEqual(['sourcedId']);
	});

	it('refuses a OneRoster file without its role column: its teachers and parents would come in as students', () => {
		const csv = parseRosterCsv(
			'sourcedId,enabledUser,givenName,familyName\ns1,true,Ana,Lima\nt1,true,Tom,Tate\n'
		);
		expect(csv.problems).toEqual([expect.stringContaining('no “role” column')]);
		expect(csv.rows).toEqual([]);
	});

	it('reads a file without a header row as name, username, e-mail', () => {
		const csv = parseRosterCsv('Zoe Smith\nAna Lima,ana.lima\nBen Cole,,ben@example.org\n');
		expect(csv.rows.map((r) => [r.name, r.username, r.email])).toEqual([
			['Zoe Smith', null, null],
			['Ana Lima', 'ana.lima', null],
			['Ben Cole', null, 'ben@example.org']
		]);
	});

	it('numbers rows by the line they start on, counting line breaks inside quotes and blank lines', () => {
		expect(names('Name,Notes\n"Zoe\nSmith",x\n\nAna,"a\nb"\nBen,\n')).toEqual([
			[2, 'Zoe Smith'],
			[5, 'Ana'],
			[7, 'Ben']
		]);
	});

	it('says what is wrong with each row, and imports nothing while anything is', () => {
		const csv = parseRosterCsv(
			[
				'Name,Username,Email',
				',,someone@example.org',
				`${'x'.repeat(81)},,`,
				'Ana,ab,',
				'Ben,ben home,',
				'Cleo,cleo,not-an-address',
				'Dan,dan,dan@example.org',
				'Eve,DAN,',
				'Fay,,DAN@example.org',
				'Gus\u0007,,',
				'Hal\u0085,,'
			].join('\n')
		);
		expect(csv.rows.map((r) => [r.line, r.problem])).toEqual([
			[2, 'No name.'],
			[3, 'The name has 81 characters; at most 80.'],
			[4, expect.stringContaining('The username “ab” is not one Lectern can use')],
			[5, expect.stringContaining('The username “ben home” is not one Lectern can use')],
			[6, '“not-an-address” is not an e-mail address.'],
			[7, null],
			[8, 'The username “dan” is already on line 7.'],
			[9, 'The e-mail “dan@example.org” is already on line 7.'],
			[10, 'The name contains characters that are not text.'],
			[11, 'The name contains characters that are not text.']
		]);
		expect(importableStudents(csv)).toBeNull();
	});

	it('refuses, as a whole, a file with no names, no students, too many or broken quotes', () => {
		expect(parseRosterCsv('Username,Email\nana,ana@example.org\n').problems).toEqual([
			'The file has no column of names: name it “Name”, or “First name” and “Last name”.'
		]);
		expect(parseRosterCsv('Name\n\n').problems).toEqual(['The file lists no students.']);
		expect(parseRosterCsv('').problems).toEqual(['The file lists no students.']);
		const many = ['Name', ...Array.from({ length: 201 }, (_, i) => `Student ${i}`)].join('\n');
		expect(parseRosterCsv(many).problems).toEqual([
			'The file lists 201 students; import at most 200 at a time.'
		]);
		expect(parseRosterCsv('Name\n"Zoe,\n').problems).toEqual([
			expect.stringMatching(/^The file is not readable as CSV( \(line \d+\))?: check its quotes\.$/)
		]);
		expect(importableStudents(parseRosterCsv(many))).toBeNull();
	});
});
