// Who keeps a class: a teacher hands it over or archives it, and deleting a teacher's account
// never deletes a student's posts, attempts or grades (finding 6 of issue 16: the cascade from
// the teacher to classes, class threads and posts took a student's post with it).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/lib/article/parse';
import { articleQuestions } from '../../src/lib/quiz/select';
import { importArticle } from '../../src/lib/server/articles';
import {
	addStudentsInBulk,
	archiveClass,
	classRelation,
	createAssignment,
	createClass,
	findClass,
	findClassByJoinCode,
	handOverClass,
	joinClass,
	listTaughtClasses,
	restoreClass
} from '../../src/lib/server/classroom';
import { attempts, auditLog, classes, posts, users } from '../../src/lib/server/db/schema';
import { classScope, createPost, getOrCreateThread } from '../../src/lib/server/discussion';
import { markSectionRead } from '../../src/lib/server/progress';
import {
	findOwnAttempt,
	loadQuestions,
	planQuestions,
	questionsInScope,
	startAttempt,
	submitAttempt
} from '../../src/lib/server/quiz';
import { deleteAccount, exportUserData } from '../../src/lib/server/users';
import { SEED_FILE, freshDatabase, seedText, type TestDatabase } from './support/database';

const EVERGREEN = 'evergreen-takeaways-for-readers';
const seedArticle = parseArticle(seedText());
const bank = JSON.parse(readFileSync(SEED_FILE.replace(/\.txt$/, '.quiz.json'), 'utf8'));

let t: TestDatabase;
let article: { id: string };
let evergreen: string;
let promptId: string;

beforeEach(async () => {
	t = await freshDatabase();
	const result = await importArticle(t.db, seedArticle, articleQuestions(seedArticle, bank));
	article = { id: result.articleId };
	const section = await t.db.query.sections.findFirst({
		where: (s, { and, eq }) => and(eq(s.articleId, article.id), eq(s.slug, EVERGREEN))
	});
	evergreen = section!.id;
	const prompt = await t.db.query.prompts.findFirst({
		where: (p, { and, eq }) => and(eq(p.articleId, article.id), eq(p.number, 1))
	});
	promptId = prompt!.id;
});
afterEach(() => t.close());

let created = 0;
async function addUser(
	name: string,
	role: 'learner' | 'teacher' | 'moderator' | 'admin' = 'learner',
	extra: Partial<typeof users.$inferInsert> = {}
) {
	const id = randomUUID();
	await t.db.insert(users).values({
		id,
		email: `${name.toLowerCase().replace(/\W+/g, '.')}-${id.slice(0, 6)}@example.org`,
		displayName: name,
		role,
		approvedPostCount: 2,
		// One minute apart, in the order they were added: "the earliest admin" is well defined.
		createdAt: new Date(Date.UTC(2025, 0, 1, 0, created++)),
		...extra
	});
	return id;
}

const emailOf = async (id: string) =>
	(await t.db.query.users.findFirst({ where: eq(users.id, id) }))!.email!;

/** Takes the Evergreen module quiz, both answers right. */
async function passEvergreenQuiz(userId: string) {
	const inScope = questionsInScope(await loadQuestions(t.db, article.id), evergreen);
	const attemptId = await startAttempt(t.db, userId, article.id, evergreen, inScope);
	const attempt = (await findOwnAttempt(t.db, attemptId, userId))!;
	const inPlan = planQuestions(attempt.plan, await loadQuestions(t.db, article.id));
	const result = await submitAttempt(
		t.db,
		attempt,
		inPlan,
		{ 'q-evergreen-limits': false, 'q-evergreen-blend': 'psychology' },
		new Date()
	);
	expect(result).toEqual({ ok: true, alreadySubmitted: false });
	return attemptId;
}

async function post(
	threadId: string,
	authorId: string,
	body: string,
	{ parentId, isModerator = false }: { parentId?: string; isModerator?: boolean } = {}
) {
	const result = await createPost(t.db, { threadId, authorId, isModerator, body, parentId });
	if (!result.ok) throw new Error(`post refused: ${result.message}`);
	return result.postId;
}

/**
 * A teacher's class with one student who read the module, passed its quiz and posted in the
 * class thread, and the teacher's reply to that post.
 */
async function classWithWork() {
	const admin = await addUser('Admin', 'admin');
	const teacher = await addUser('Teacher', 'teacher');
	const student = await addUser('Student');
	const classId = await createClass(t.db, teacher, {
		name: '9B',
		description: '',
		timeZone: 'UTC'
	});
	await joinClass(t.db, classId, student);
	const assignmentId = await createAssignment(t.db, {
		classId,
		articleId: article.id,
		sectionIds: [evergreen],
		input: { dueAt: null, requireQuiz: true, passMark: 70, requireResponse: true }
	});
	const thread = await getOrCreateThread(t.db, {
		articleId: article.id,
		promptId,
		scope: classScope(classId),
		respondFirst: true
	});
	await markSectionRead(t.db, student, evergreen);
	const attemptId = await passEvergreenQuiz(student);
	const studentPost = await post(thread.id, student, 'My answer to the prompt.');
	// The class's teacher moderates its threads (respond-first does not hold them back).
	const teacherReply = await post(thread.id, teacher, 'Well argued.', {
		parentId: studentPost,
		isModerator: true
	});
	return { admin, teacher, student, classId, assignmentId, attemptId, studentPost, teacherReply };
}

describe('deleting a teacher’s account', () => {
	it('keeps the student’s post, attempt and grade, in the database and in their export', async () => {
		const w = await classWithWork();
		const before = (await exportUserData(t.db, w.student))!;
		expect(before.classResults[0]!.assignments[0]).toMatchObject({
			status: 'done',
			bestScorePercent: 100,
			responded: true
		});

		expect(await archiveClass(t.db, w.classId)).toBe(true);
		expect(await deleteAccount(t.db, w.teacher)).toEqual({ ok: true });
		expect(await t.db.query.users.findFirst({ where: eq(users.id, w.teacher) })).toBeUndefined();

		// The student's post is still there, and still theirs; the teacher's reply went with them.
		const studentPost = await t.db.query.posts.findFirst({ where: eq(posts.id, w.studentPost) });
		expect(studentPost).toMatchObject({ authorId: w.student, body: 'My answer to the prompt.' });
		expect(await t.db.query.posts.findFirst({ where: eq(posts.id, w.teacherReply) })).toBe(
			undefined
		);
		expect(await t.db.query.attempts.findFirst({ where: eq(attempts.id, w.attemptId) })).toEqual(
			expect.objectContaining({ userId: w.student })
		);

		// The student's own download still holds all three, the grade exactly as before.
		const after = (await exportUserData(t.db, w.student))!;
		expect(after.posts.map((p) => p.id)).toContain(w.studentPost);
		expect(after.attempts.map((a) => a.id)).toContain(w.attemptId);
		expect(after.classMemberships).toEqual([expect.objectContaining({ classId: w.classId })]);
		expect(after.classResults).toEqual(before.classResults);
	});

	it('is refused while the teacher has a class in use, and nothing is deleted', async () => {
		const w = await classWithWork();
		const result = await deleteAccount(t.db, w.teacher);
		expect(result).toEqual({
			ok: false,
			reason: 'classes-in-use',
			classes: [{ id: w.classId, name: '9B' }]
		});
		expect(await t.db.query.users.findFirst({ where: eq(users.id, w.teacher) })).toBeDefined();
		expect(await t.db.query.posts.findFirst({ where: eq(posts.id, w.teacherReply) })).toBeDefined();
		expect((await findClass(t.db, w.classId))?.teacherId).toBe(w.teacher);
	});

	it('hands archived classes to the earliest active administrator, and audits it', async () => {
		const w = await classWithWork();
		// A later admin, and an earlier one who is disabled: neither is chosen.
		await addUser('Later Admin', 'admin');
		await t.db
			.update(users)
			.set({ createdAt: new Date(Date.UTC(2024, 0, 1)) })
			.where(eq(users.id, await addUser('Gone Admin', 'admin', { disabledAt: new Date() })));
		await archiveClass(t.db, w.classId);
		await deleteAccount(t.db, w.teacher);

		const cls = (await findClass(t.db, w.classId))!;
		expect(cls.teacherId).toBe(w.admin);
		expect(cls.archivedAt).not.toBeNull();
		expect((await listTaughtClasses(t.db, w.admin)).map((c) => c.id)).toEqual([w.classId]);
		const [entry] = await t.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'class.handOver'), eq(auditLog.targetId, w.classId)));
		// The entry outlives its actor: the name stays, the id is cleared with the account.
		expect(entry).toMatchObject({
			actorId: null,
			actorName: 'Teacher',
			targetType: 'class',
			details: expect.objectContaining({ fromId: w.teacher, toId: w.admin, className: '9B' })
		});
	});

	it('passes over the administrator who is leaving, and refuses when no other is left', async () => {
		const soleAdmin = await addUser('Sole Admin', 'admin');
		const classId = await createClass(t.db, soleAdmin, {
			name: 'Old class',
			description: '',
			timeZone: 'UTC'
		});
		const student = await addUser('Student');
		await joinClass(t.db, classId, student);
		await archiveClass(t.db, classId);
		expect(await deleteAccount(t.db, soleAdmin)).toEqual({
			ok: false,
			reason: 'no-administrator'
		});
		expect((await findClass(t.db, classId))?.teacherId).toBe(soleAdmin);

		const next = await addUser('Next Admin', 'admin');
		expect(await deleteAccount(t.db, soleAdmin)).toEqual({ ok: true });
		expect((await findClass(t.db, classId))?.teacherId).toBe(next);
		expect(await classRelation(t.db, classId, student)).toBe('member');
	});

	it('deletes a teacher with no classes as before', async () => {
		const teacher = await addUser('Teacher', 'teacher');
		expect(await deleteAccount(t.db, teacher)).toEqual({ ok: true });
		expect(await t.db.query.users.findFirst({ where: eq(users.id, teacher) })).toBeUndefined();
	});
});

describe('handing a class over', () => {
	it('makes the named teacher its teacher, by e-mail or username, and audits it', async () => {
		const w = await classWithWork();
		const next = await addUser('Next Teacher', 'teacher', { username: 'next.teacher' });
		const from = { id: w.teacher, displayName: 'Teacher' };

		const byEmail = await handOverClass(t.db, {
			classId: w.classId,
			from,
			receiver: `  ${(await emailOf(next)).toUpperCase()} `
		});
		expect(byEmail).toEqual({ ok: true, teacher: { id: next, displayName: 'Next Teacher' } });
		expect(await classRelation(t.db, w.classId, next)).toBe('teacher');
		expect(await classRelation(t.db, w.classId, w.teacher)).toBeNull();
		expect(await classRelation(t.db, w.classId, w.student)).toBe('member');

		// The giver no longer teaches it, so cannot hand it on again.
		const again = await handOverClass(t.db, { classId: w.classId, from, receiver: 'next.teacher' });
		expect(again).toMatchObject({ ok: false, status: 409, field: 'form' });

		const back = await handOverClass(t.db, {
			classId: w.classId,
			from: { id: next, displayName: 'Next Teacher' },
			receiver: await emailOf(w.teacher)
		});
		expect(back.ok).toBe(true);
		const entries = await t.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'class.handOver'), eq(auditLog.targetId, w.classId)));
		expect(entries.map((e) => [e.actorId, (e.details as { toId: string }).toId])).toEqual([
			[w.teacher, next],
			[next, w.teacher]
		]);
	});

	it('refuses anyone who may not teach, the giver, a student of the class and unknown names', async () => {
		const w = await classWithWork();
		const from = { id: w.teacher, displayName: 'Teacher' };
		const learner = await addUser('Learner');
		const moderator = await addUser('Moderator', 'moderator');
		const disabled = await addUser('Disabled', 'teacher', { disabledAt: new Date() });
		const guest = randomUUID();
		await t.db
			.insert(users)
			.values({ id: guest, displayName: 'Guest', isGuest: true, username: 'a.guest' });
		const teachingStudent = await addUser('Teaching Student', 'teacher');
		await joinClass(t.db, w.classId, teachingStudent);

		for (const id of [learner, moderator, disabled]) {
			expect(
				await handOverClass(t.db, { classId: w.classId, from, receiver: await emailOf(id) })
			).toMatchObject({ ok: false, status: 404, field: 'receiver' });
		}
		for (const receiver of ['a.guest', 'nobody@example.org', "' OR 1=1 --"]) {
			expect(await handOverClass(t.db, { classId: w.classId, from, receiver })).toMatchObject({
				ok: false,
				status: 404
			});
		}
		expect(
			await handOverClass(t.db, { classId: w.classId, from, receiver: await emailOf(w.teacher) })
		).toMatchObject({ ok: false, status: 400, field: 'receiver' });
		expect(
			await handOverClass(t.db, {
				classId: w.classId,
				from,
				receiver: await emailOf(teachingStudent)
			})
		).toMatchObject({ ok: false, status: 409, field: 'receiver' });

		// An admin may receive one: admins may create classes too.
		expect(
			await handOverClass(t.db, { classId: w.classId, from, receiver: await emailOf(w.admin) })
		).toMatchObject({ ok: true });
		expect(
			await t.db.select().from(auditLog).where(eq(auditLog.action, 'class.handOver'))
		).toHaveLength(1);
	});
});

describe('an archived class', () => {
	it('takes no joins and no new students, and comes back when restored', async () => {
		const teacher = await addUser('Teacher', 'teacher');
		const classId = await createClass(t.db, teacher, {
			name: '9B',
			description: '',
			timeZone: 'UTC'
		});
		const code = (await findClass(t.db, classId))!.joinCode!;
		expect(await archiveClass(t.db, classId)).toBe(true);
		expect(await archiveClass(t.db, classId)).toBe(false);

		const archived = (await findClass(t.db, classId))!;
		expect(archived.joinCode).toBeNull();
		expect(await findClassByJoinCode(t.db, code)).toBeUndefined();
		// Even a code put back by hand opens nothing while the class is archived.
		await t.db.update(classes).set({ joinCode: code }).where(eq(classes.id, classId));
		expect(await findClassByJoinCode(t.db, code)).toBeUndefined();

		expect(
			await addStudentsInBulk(t.db, { classId, teacherId: teacher, names: ['Ada Lovelace'] })
		).toMatchObject({ ok: false, status: 409 });
		expect(await t.db.query.users.findFirst({ where: eq(users.displayName, 'Ada Lovelace') })).toBe(
			undefined
		);
		expect((await listTaughtClasses(t.db, teacher))[0]?.archivedAt).toEqual(archived.archivedAt);

		expect(await restoreClass(t.db, classId)).toBe(true);
		expect(await restoreClass(t.db, classId)).toBe(false);
		expect((await findClass(t.db, classId))?.archivedAt).toBeNull();
		expect(await findClassByJoinCode(t.db, code)).toMatchObject({ id: classId });
	});
});
