// Adding students by name under load (issue 16, findings 5 and 7): parallel lists with the
// same names never collide on a username, bulk hashing takes at most its share of the thread
// pool, and the bulk-add limits hold exactly however many requests arrive at once.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BULK_HASH_CONCURRENCY } from '../../src/lib/server/auth/bulk-hash';
import {
	BULK_ADD_PER_ACCOUNT,
	BULK_ADD_PER_ADDRESS,
	MAX_STUDENTS_ADDED_PER_HOUR,
	addStudentsInBulk,
	createClass,
	listRoster,
	reserveBulkAdd
} from '../../src/lib/server/classroom';
import { classes, users } from '../../src/lib/server/db/schema';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db/client';
import { freshDatabase, tempDatabaseUrl, type TestDatabase } from './support/database';
import {
	PREPARE_TIMEOUT_MS,
	mintSession,
	prepareBuild,
	request,
	seededDatabaseUrl,
	startServer,
	stopAllServers,
	type LecternServer,
	type PrivateBuild
} from './support/server';

/**
 * In this process argon2 is replaced by a stand-in that counts how many hashes run at once
 * (each takes a few turns of the event loop, so overlapping ones would be seen). The HTTP
 * suite below runs the real thing in the server's own process.
 */
const hashing = vi.hoisted(() => ({ running: 0, mostAtOnce: 0, calls: 0 }));
vi.mock('../../src/lib/server/auth/password', async (original) => ({
	...(await original<typeof import('../../src/lib/server/auth/password')>()),
	hashPassword: async (password: string) => {
		hashing.calls++;
		hashing.running++;
		hashing.mostAtOnce = Math.max(hashing.mostAtOnce, hashing.running);
		for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
		hashing.running--;
		return `stand-in:${password}`;
	}
}));

describe('adding students in bulk, in parallel', () => {
	let t: TestDatabase;
	let teacher: string;
	let classId: string;

	const addTeacher = async () => {
		const id = randomUUID();
		await t.db
			.insert(users)
			.values({ id, email: `${id}@example.org`, displayName: 'Teacher', role: 'teacher' });
		return id;
	};

	beforeEach(async () => {
		t = await freshDatabase();
		teacher = await addTeacher();
		classId = await createClass(t.db, teacher, { name: '9B', description: '', timeZone: 'UTC' });
		Object.assign(hashing, { running: 0, mostAtOnce: 0, calls: 0 });
	});
	afterEach(() => t.close());

	it('gives six parallel lists of the same names distinct usernames, with no error', async () => {
		const names = ['Zoë O’Neil', 'Sam Lee', 'Sam Lee', 'Ada Lovelace'];
		const results = await Promise.all(
			Array.from({ length: 6 }, () =>
				addStudentsInBulk(t.db, { classId, teacherId: teacher, names })
			)
		);
		expect(results.map((r) => r.ok)).toEqual(Array(6).fill(true));
		const usernames = results.flatMap((r) => (r.ok ? r.students.map((s) => s.username) : []));
		expect(usernames).toHaveLength(24);
		expect(new Set(usernames).size).toBe(24);
		expect(usernames.filter((u) => u.startsWith('sam.lee')).sort()).toEqual(
			['sam.lee', ...Array.from({ length: 11 }, (_, i) => `sam.lee${i + 2}`)].sort()
		);
		const roster = await listRoster(t.db, classId);
		expect(roster.map((r) => r.login).sort()).toEqual([...usernames].sort());
	});

	it(`hashes at most ${BULK_HASH_CONCURRENCY} password at once across ten parallel lists`, async () => {
		const lists = Array.from({ length: 10 }, (_, l) =>
			Array.from({ length: 20 }, (_, i) => `Student ${l}-${i}`)
		);
		const results = await Promise.all(
			lists.map((names) => addStudentsInBulk(t.db, { classId, teacherId: teacher, names }))
		);
		expect(results.every((r) => r.ok)).toBe(true);
		expect(hashing.calls).toBe(200);
		expect(hashing.mostAtOnce).toBe(BULK_HASH_CONCURRENCY);
	});

	it(`creates at most ${MAX_STUDENTS_ADDED_PER_HOUR} students per teacher per hour, exactly, under a burst`, async () => {
		const now = new Date();
		const lists = Array.from({ length: 10 }, (_, l) =>
			Array.from({ length: 50 }, (_, i) => `Pupil ${l}-${i}`)
		);
		const results = await Promise.all(
			lists.map((names) => addStudentsInBulk(t.db, { classId, teacherId: teacher, names }, now))
		);
		const fitting = MAX_STUDENTS_ADDED_PER_HOUR / 50;
		expect(results.filter((r) => r.ok)).toHaveLength(fitting);
		for (const refused of results.filter((r) => !r.ok)) {
			expect(refused).toMatchObject({ status: 429, message: expect.stringContaining('an hour') });
		}
		const created = await t.db.select().from(users).where(eq(users.createdById, teacher));
		expect(created).toHaveLength(MAX_STUDENTS_ADDED_PER_HOUR);

		// Another teacher is not held back; this one may add again an hour later.
		const other = await addTeacher();
		await t.db.update(classes).set({ teacherId: other }).where(eq(classes.id, classId));
		const theirs = await addStudentsInBulk(t.db, { classId, teacherId: other, names: ['Ann'] });
		expect(theirs.ok).toBe(true);
		await t.db.update(classes).set({ teacherId: teacher }).where(eq(classes.id, classId));
		const later = new Date(now.getTime() + 60 * 60_000 + 1);
		const next = await addStudentsInBulk(
			t.db,
			{ classId, teacherId: teacher, names: ['Ben'] },
			later
		);
		expect(next.ok).toBe(true);
	});

	it('lets exactly the per-address and per-account limits through out of 100 parallel reservations', async () => {
		const teachers = Array.from({ length: 100 }, () => randomUUID());
		const fromOneAddress = await Promise.all(
			teachers.map((id) => reserveBulkAdd(t.db, id, '203.0.113.7'))
		);
		expect(fromOneAddress.filter((v) => v.allowed)).toHaveLength(BULK_ADD_PER_ADDRESS.max);

		const fromOneTeacher = await Promise.all(
			Array.from({ length: 100 }, (_, i) => reserveBulkAdd(t.db, teacher, `198.51.100.${i}`))
		);
		expect(fromOneTeacher.filter((v) => v.allowed)).toHaveLength(BULK_ADD_PER_ACCOUNT.max);
	});
});

describe('the add-students form under a burst of 100 parallel requests', () => {
	let database: ReturnType<typeof tempDatabaseUrl>;
	let build: PrivateBuild | undefined;
	let server: LecternServer;
	let handle: DatabaseHandle;

	beforeAll(async () => {
		build = prepareBuild();
		database = await seededDatabaseUrl(build);
		server = await startServer({ build, databaseUrl: database.url });
		handle = await openDatabase(database.url);
	}, PREPARE_TIMEOUT_MS);

	afterAll(async () => {
		handle?.client.close();
		await stopAllServers();
		build?.remove();
		rmSync(database.dir, { recursive: true, force: true });
	});

	/** A signed-in teacher with a class of their own. */
	async function teacherWithClass(label: string) {
		const id = randomUUID();
		await handle.db.insert(users).values({
			id,
			email: `${label}-${id.slice(0, 8)}@lectern.test`,
			displayName: label,
			role: 'teacher'
		});
		const classId = await createClass(handle.db, id, {
			name: `${label}’s class`,
			description: '',
			timeZone: 'UTC'
		});
		return { id, classId, token: await mintSession(handle.client, id) };
	}

	const add = (who: { classId: string; token: string }, names: string[]) =>
		request(server, `/classes/${who.classId}/add-students?/add`, {
			token: who.token,
			form: new URLSearchParams({ names: names.join('\n') })
		});

	const SHEET = /Sign-in sheet for/;
	const LIMITED = /class="error-text[^"]*"[^>]*>[^<]*Too many lists of students/;
	let addressPlacesUsed = 0;

	it('answers six parallel lists of the same names with six sheets of distinct usernames', async () => {
		const teacher = await teacherWithClass('Same names');
		const answers = await Promise.all(
			Array.from({ length: 6 }, () => add(teacher, ['Sam Lee', 'Sam Lee', 'Zoë O’Neil']))
		);
		addressPlacesUsed += 6;
		expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
		expect(answers.every((a) => SHEET.test(a.body))).toBe(true);
		const rows = await handle.db
			.select({ username: users.username })
			.from(users)
			.where(eq(users.createdById, teacher.id));
		expect(new Set(rows.map((r) => r.username)).size).toBe(18);
		expect(server.stderr()).not.toMatch(/UNIQUE constraint/);
	});

	it('lets exactly the per-account limit through for one teacher', async () => {
		const teacher = await teacherWithClass('Burst');
		const answers = await Promise.all(
			Array.from({ length: 100 }, (_, i) => add(teacher, [`Burst Student ${i}`]))
		);
		addressPlacesUsed += BULK_ADD_PER_ACCOUNT.max;
		const statuses = answers.map((a) => a.status);
		expect(statuses.filter((s) => s >= 500)).toEqual([]);
		const sheets = answers.filter((a) => a.status === 200 && SHEET.test(a.body));
		expect(sheets).toHaveLength(BULK_ADD_PER_ACCOUNT.max);
		const refused = answers.filter((a) => a.status === 429);
		expect(refused).toHaveLength(100 - BULK_ADD_PER_ACCOUNT.max);
		expect(refused.every((a) => LIMITED.test(a.body))).toBe(true);
		const created = await handle.db.select().from(users).where(eq(users.createdById, teacher.id));
		expect(created).toHaveLength(BULK_ADD_PER_ACCOUNT.max);
	});

	it('lets exactly what is left of the per-address limit through for four teachers at once', async () => {
		const teachers = await Promise.all([1, 2, 3, 4].map((n) => teacherWithClass(`Teacher ${n}`)));
		const answers = await Promise.all(
			Array.from({ length: 100 }, (_, i) => add(teachers[i % 4]!, [`Pupil ${i}`]))
		);
		const left = BULK_ADD_PER_ADDRESS.max - addressPlacesUsed;
		expect(answers.filter((a) => a.status >= 500)).toEqual([]);
		expect(answers.filter((a) => a.status === 200 && SHEET.test(a.body))).toHaveLength(left);
		expect(answers.filter((a) => a.status === 429 && LIMITED.test(a.body))).toHaveLength(
			100 - left
		);
		let created = 0;
		for (const teacher of teachers) {
			const theirs = await handle.db.select().from(users).where(eq(users.createdById, teacher.id));
			expect(theirs.length).toBeLessThanOrEqual(BULK_ADD_PER_ACCOUNT.max);
			created += theirs.length;
		}
		expect(created).toBe(left);
	});
});
