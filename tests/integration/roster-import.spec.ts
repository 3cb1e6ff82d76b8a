// A roster file into a class (issue 15), on a real database: the usernames the file asks for are
// kept, one an account already holds is refused before anything is stored, and the preview marks
// its row; e-mails are never stored nor asked about (that would tell a teacher who has an account). The page and its no-JavaScript and enhanced forms are walked in
// tests/e2e/classes.spec.ts; hostile files go through hostile-input.spec.ts.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importableStudents, parseRosterCsv } from '../../src/lib/classroom';
import { addStudentsInBulk, createClass, listRoster } from '../../src/lib/server/classroom';
import { users } from '../../src/lib/server/db/schema';
import { previewRoster, rosterFromForm } from '../../src/lib/server/roster-import';
import { freshDatabase, type TestDatabase } from './support/database';

let t: TestDatabase;
let teacher: string;
let classId: string;

beforeAll(async () => {
	t = await freshDatabase();
	teacher = randomUUID();
	await t.db.insert(users).values([
		{ id: teacher, email: 'teacher@example.org', displayName: 'Teacher', role: 'teacher' },
		{ id: randomUUID(), email: 'ana@example.org', displayName: 'Ana', username: 'ana.lima' }
	]);
	classId = await createClass(t.db, teacher, {
		name: 'Year 8',
		description: '',
		timeZone: 'UTC'
	});
});
afterAll(() => t.close());

const form = (entries: Record<string, string | Blob>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(entries)) f.append(k, v);
	return f;
};

describe('a roster file into a class', () => {
	it('refuses a file that is not UTF-8, saying how to save it', async () => {
		const latin1 = new Uint8Array([
			...Buffer.from('Name\nJos'),
			0xe9,
			...Buffer.from(' Garc'),
			0xed,
			0x61
		]);
		expect(await rosterFromForm(form({ file: new Blob([latin1]) }))).toMatchObject({
			ok: false,
			status: 400,
			message: expect.stringContaining('CSV UTF-8')
		});
	});

	it('reads the file field, else the text carried from the preview, and bounds both', async () => {
		const file = await rosterFromForm(
			form({ file: new Blob(['Name\nZoe\n'], { type: 'text/csv' }), csv: 'Name\nOther\n' })
		);
		expect(file.ok && file.csv.rows.map((r) => r.name)).toEqual(['Zoe']);
		const carried = await rosterFromForm(form({ csv: 'Name\nZoe\n' }));
		expect(carried.ok && carried.text).toBe('Name\nZoe\n');
		expect(await rosterFromForm(form({}))).toMatchObject({ ok: false, status: 400 });
		const big = 'Name\n' + 'x'.repeat(300 * 1024);
		expect(await rosterFromForm(form({ file: new Blob([big]) }))).toMatchObject({
			ok: false,
			message: expect.stringContaining('larger than 256 kB')
		});
		expect(await rosterFromForm(form({ csv: big }))).toMatchObject({ ok: false, status: 400 });
	});

	it('marks in the preview the usernames accounts already hold, and says nothing of e-mails', async () => {
		const preview = await previewRoster(
			t.db,
			parseRosterCsv(
				'Name,Username,Email\nAna Two,ana.lima,\nAna Three,,ANA@example.org\nBen,ben.c,ben@example.org\n'
			)
		);
		expect(preview.rows.map((r) => r.problem)).toEqual([
			'The username “ana.lima” belongs to another account.',
			null,
			null
		]);
		expect(preview.ready).toBe(false);
	});

	it('keeps the usernames the file gives, makes the rest, stores no e-mail, and puts all in the class', async () => {
		const csv = parseRosterCsv('Name,Username,Email\nBen Cole,ben.c,ben@example.org\nAna Lima,,\n');
		const added = await addStudentsInBulk(t.db, {
			classId,
			teacherId: teacher,
			names: importableStudents(csv)!
		});
		expect(added.ok).toBe(true);
		if (!added.ok) return;
		expect(added.students.map((s) => [s.displayName, s.username])).toEqual([
			['Ben Cole', 'ben.c'],
			// ana.lima is taken by another account: the made username goes round it.
			['Ana Lima', 'ana.lima2']
		]);
		const roster = await listRoster(t.db, classId);
		expect(roster.map((s) => s.displayName).sort()).toEqual(['Ana Lima', 'Ben Cole']);
		const [ben] = await t.client
			.execute({
				sql: 'SELECT email, must_change_password FROM users WHERE username = ?',
				args: ['ben.c']
			})
			.then((r) => r.rows);
		expect([ben!.email, Number(ben!.must_change_password)]).toEqual([null, 1]);
	});

	it('refuses the whole file, storing nothing, when an account holds a username it asks for', async () => {
		const before = (await listRoster(t.db, classId)).length;
		const refused = await addStudentsInBulk(t.db, {
			classId,
			teacherId: teacher,
			names: [
				{ name: 'Cleo', username: 'cleo.x' },
				{ name: 'Ben Again', username: 'ben.c' }
			]
		});
		expect(refused).toEqual({
			ok: false,
			status: 409,
			message: 'Nothing was added. Usernames already taken: “ben.c”.'
		});
		expect((await listRoster(t.db, classId)).length).toBe(before);
		const cleo = await t.client.execute({
			sql: 'SELECT count(*) AS n FROM users WHERE username = ?',
			args: ['cleo.x']
		});
		expect(Number(cleo.rows[0]!.n)).toBe(0);
	});
});
