import { describe, expect, it } from 'vitest';
import { buildGradebook, gradebookCsv, type GradebookAssignment } from './index';

const DUE = Date.UTC(2025, 2, 14, 17, 0);
const HOUR = 3_600_000;

const assignment: GradebookAssignment = {
	id: 'as-1',
	title: 'Week 1, "NATO"',
	articleId: 'art',
	sectionIds: ['a', 'b', 'c'],
	dueAt: null,
	requireQuiz: true,
	passMark: 70,
	requireResponse: false
};

const csvFor = (names: string[], overrides: Partial<GradebookAssignment> = {}) =>
	gradebookCsv(
		buildGradebook({
			now: DUE + HOUR,
			students: names.map((name, i) => ({ id: `s${i}`, name })),
			assignments: [{ ...assignment, ...overrides }],
			progress: [
				{ studentId: 's0', sectionId: 'a', readAt: DUE - 3 * HOUR },
				{ studentId: 's0', sectionId: 'b', readAt: DUE - 2 * HOUR }
			],
			attempts: [
				{
					studentId: 's0',
					articleId: 'art',
					sectionIds: null,
					scorePercent: 200 / 3,
					submittedAt: 0
				}
			],
			responses: []
		})
	);

/** The file's records, split on CRLF outside quotes, without the byte-order mark. */
const records = (csv: string) => csv.slice(1).split(/\r\n(?=(?:[^"]*"[^"]*")*[^"]*$)/);

describe('gradebookCsv', () => {
	it('starts with a UTF-8 byte-order mark and ends every record with CRLF', () => {
		const csv = csvFor(['Zoë O’Neil']);
		expect(csv.startsWith('\uFEFFStudent,')).toBe(true);
		expect(csv.endsWith('\r\n')).toBe(true);
		expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
	});

	it('has a header of Student and four columns per assignment', () => {
		const [header] = records(csvFor(['Zoë']));
		expect(header).toBe(
			'Student,' +
				'"Week 1, ""NATO"" — read %",' +
				'"Week 1, ""NATO"" — best quiz %",' +
				'"Week 1, ""NATO"" — responded",' +
				'"Week 1, ""NATO"" — status"'
		);
	});

	it('writes numbers as numbers: whole read %, quiz % to one decimal, blank when none', () => {
		const [, first, second] = records(csvFor(['Zoë', 'Amir']));
		expect(first).toBe('Zoë,67,66.7,no,in progress');
		expect(second).toBe('Amir,0,,no,not started');
	});

	it('quotes names with commas, quotes and line breaks, doubling the quotes', () => {
		const [, jo, ann, cr] = records(csvFor(['Smith, "Jo"', 'Ann\nLee', 'Bea\r\nCox']));
		expect(jo).toBe('"Smith, ""Jo""",67,66.7,no,in progress');
		expect(ann).toBe('"Ann\nLee",0,,no,not started');
		expect(cr).toBe('"Bea\r\nCox",0,,no,not started');
	});

	it('neutralises text a spreadsheet would run as a formula', () => {
		const names = ['=SUM(A1)', '+1', '-2', '@cmd', '\tHIDDEN', '\rCR', '=HYPERLINK("x","y")'];
		expect(records(csvFor(names)).slice(1, -1)).toEqual([
			"'=SUM(A1),67,66.7,no,in progress",
			"'+1,0,,no,not started",
			"'-2,0,,no,not started",
			"'@cmd,0,,no,not started",
			"'\tHIDDEN,0,,no,not started",
			`"'\rCR",0,,no,not started`,
			`"'=HYPERLINK(""x"",""y"")",0,,no,not started`
		]);
	});

	it('neutralises formulas in assignment titles too', () => {
		const [header] = records(csvFor(['Zoë'], { title: '=cmd' }));
		expect(header).toBe(
			"Student,'=cmd — read %,'=cmd — best quiz %,'=cmd — responded,'=cmd — status"
		);
	});

	it('leaves ordinary names alone, accents and hyphens included', () => {
		const [, row] = records(csvFor(['Mary-Jane Ó Súilleabháin']));
		expect(row).toBe('Mary-Jane Ó Súilleabháin,67,66.7,no,in progress');
	});

	it('spells each status for a person, marking work finished late', () => {
		const due = { dueAt: DUE, requireQuiz: false, sectionIds: ['a'] };
		const csv = gradebookCsv(
			buildGradebook({
				now: DUE + HOUR,
				students: [
					{ id: 'on-time', name: 'On Time' },
					{ id: 'after', name: 'After' },
					{ id: 'never', name: 'Never' }
				],
				assignments: [{ ...assignment, ...due }],
				progress: [
					{ studentId: 'on-time', sectionId: 'a', readAt: DUE },
					{ studentId: 'after', sectionId: 'a', readAt: DUE + 1 }
				],
				attempts: [],
				responses: []
			})
		);
		expect(records(csv).slice(1, 4)).toEqual([
			'On Time,100,,no,done',
			'After,100,,no,done (late)',
			'Never,0,,no,late'
		]);
	});

	it('writes a class with no assignments as a list of names', () => {
		const csv = gradebookCsv({
			columns: [],
			rows: [{ student: { id: 's', name: 'Zoë' }, cells: [] }]
		});
		expect(csv).toBe('\uFEFFStudent\r\nZoë\r\n');
	});
});
