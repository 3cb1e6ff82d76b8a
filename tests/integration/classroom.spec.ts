// Classes against a real database file: who stands where (the relation the access table
// needs), join codes, adding students in bulk, the gradebook query checked against the pure
// gradebook fed by hand, insights over first answers, API tokens and the data download.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actorOf } from '../../src/lib/server/auth/actor';
import { can } from '../../src/lib/access';
import { parseArticle } from '../../src/lib/article/parse';
import { JOIN_CODE_ALPHABET, buildGradebook, type GradebookInput } from '../../src/lib/classroom';
import { articleQuestions } from '../../src/lib/quiz/select';
import {
	authenticateApiToken,
	createApiToken,
	listApiTokens,
	revokeApiToken
} from '../../src/lib/server/api-tokens';
import { importArticle } from '../../src/lib/server/articles';
import { verifyPassword } from '../../src/lib/server/auth/password';
import { hashToken } from '../../src/lib/server/auth/token';
import {
	addStudentsInBulk,
	classRelation,
	createAssignment,
	createClass,
	disableJoining,
	findClass,
	findClassByJoinCode,
	isUniqueViolation,
	joinClass,
	listRoster,
	regenerateJoinCode,
	removeStudent
} from '../../src/lib/server/classroom';
import { openClassThread } from '../../src/lib/server/classroom-discussion';
import { lookUpJoinCode } from '../../src/lib/server/classroom-join';
import { apiTokens, classes, posts, users } from '../../src/lib/server/db/schema';
import { PUBLIC_SCOPE, createPost, getOrCreateThread } from '../../src/lib/server/discussion';
import {
	gradebookResource,
	loadClassGradebook,
	loadInsights,
	loadStudentAssignments
} from '../../src/lib/server/gradebook';
import { markSectionRead } from '../../src/lib/server/progress';
import {
	findOwnAttempt,
	loadQuestions,
	planQuestions,
	questionsInScope,
	startAttempt,
	submitAttempt
} from '../../src/lib/server/quiz';
import { exportUserData, findAccountByLogin } from '../../src/lib/server/users';
import { SEED_FILE, freshDatabase, seedText, type TestDatabase } from './support/database';

const HOUR = 3_600_000;
const EVERGREEN = 'evergreen-takeaways-for-readers';
const seedArticle = parseArticle(seedText());
const bank = JSON.parse(readFileSync(SEED_FILE.replace(/\.txt$/, '.quiz.json'), 'utf8'));

let t: TestDatabase;
let article: { id: string; slug: string; title: string };
let lessons: { id: string; slug: string; title: string }[];

beforeEach(async () => {
	t = await freshDatabase();
	const result = await importArticle(t.db, seedArticle, articleQuestions(seedArticle, bank));
	const row = await t.db.query.articles.findFirst({
		where: (a, { eq }) => eq(a.id, result.articleId)
	});
	article = { id: row!.id, slug: row!.slug, title: row!.title };
	lessons = (
		await t.db.query.sections.findMany({
			where: (s, { and, eq, isNull }) =>
				and(eq(s.articleId, article.id), eq(s.kind, 'lesson'), isNull(s.archivedAt)),
			orderBy: (s, { asc }) => asc(s.position)
		})
	).map((s) => ({ id: s.id, slug: s.slug, title: s.title }));
});
afterEach(() => t.close());

async function addUser(
	name: string,
	role: 'learner' | 'teacher' | 'moderator' | 'admin' = 'learner'
) {
	const id = randomUUID();
	await t.db.insert(users).values({
		id,
		email: `${name.toLowerCase().replace(/\W+/g, '.')}-${id.slice(0, 6)}@example.org`,
		displayName: name,
		role,
		// Old enough and approved enough that no posting rule gets in the way.
		approvedPostCount: 2,
		createdAt: new Date(Date.UTC(2025, 0, 1))
	});
	return id;
}

const section = (slug: string) => lessons.find((s) => s.slug === slug)!;

/** Takes the module quiz on Evergreen, answering both questions right or both wrong. */
async function takeEvergreenQuiz(userId: string, right: boolean, at: Date) {
	const scope = section(EVERGREEN).id;
	const inScope = questionsInScope(await loadQuestions(t.db, article.id), scope);
	const attemptId = await startAttempt(t.db, userId, article.id, scope, inScope);
	const attempt = (await findOwnAttempt(t.db, attemptId, userId))!;
	const inPlan = planQuestions(attempt.plan, await loadQuestions(t.db, article.id));
	const result = await submitAttempt(
		t.db,
		attempt,
		inPlan,
		{ 'q-evergreen-limits': !right, 'q-evergreen-blend': right ? 'psychology' : 'strategy' },
		at
	);
	expect(result).toEqual({ ok: true, alreadySubmitted: false });
	return attemptId;
}

async function post(threadId: string, authorId: string, body: string, at: Date) {
	const result = await createPost(t.db, { threadId, authorId, isModerator: false, body }, at);
	if (!result.ok) throw new Error(`post refused: ${result.message}`);
	return result.postId;
}

describe('who stands where in a class', () => {
	it('tells the teacher, a student and everyone else apart, and the access table follows', async () => {
		const teacher = await addUser('Teacher', 'teacher');
		const otherTeacher = await addUser('Other Teacher', 'teacher');
		const student = await addUser('Student');
		const stranger = await addUser('Stranger');
		const admin = await addUser('Admin', 'admin');
		const classId = await createClass(t.db, teacher, {
			name: '9B',
			description: '',
			timeZone: 'Europe/London'
		});
		const otherClass = await createClass(t.db, otherTeacher, {
			name: '9C',
			description: '',
			timeZone: 'UTC'
		});
		await joinClass(t.db, classId, student);

		expect(await classRelation(t.db, classId, teacher)).toBe('teacher');
		expect(await classRelation(t.db, classId, student)).toBe('member');
		expect(await classRelation(t.db, classId, stranger)).toBeNull();
		expect(await classRelation(t.db, classId, otherTeacher)).toBeNull();
		expect(await classRelation(t.db, classId, admin)).toBeNull();
		expect(await classRelation(t.db, otherClass, student)).toBeNull();
		expect(await classRelation(t.db, classId, null)).toBeNull();
		expect(await classRelation(t.db, randomUUID(), teacher)).toBeNull();

		const actor = async (id: string) =>
			actorOf((await t.db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, id) })) as never);
		const relation = async (id: string) => ({
			classRelation: await classRelation(t.db, classId, id)
		});
		expect(can(await actor(teacher), 'gradebook.read', await relation(teacher))).toBe(true);
		expect(can(await actor(teacher), 'class.manage', await relation(teacher))).toBe(true);
		expect(can(await actor(student), 'class.view', await relation(student))).toBe(true);
		expect(can(await actor(student), 'gradebook.read', await relation(student))).toBe(false);
		expect(can(await actor(otherTeacher), 'class.view', await relation(otherTeacher))).toBe(false);
		expect(can(await actor(admin), 'gradebook.read', await relation(admin))).toBe(false);
		expect(can(await actor(stranger), 'class.view', await relation(stranger))).toBe(false);

		// Leaving the class ends the relation.
		expect(await removeStudent(t.db, classId, student)).toBe(true);
		expect(await classRelation(t.db, classId, student)).toBeNull();
		expect(await removeStudent(t.db, classId, student)).toBe(false);
	});
});

describe('join codes', () => {
	it('issues a code from the look-alike-free alphabet, replaces it, and switches joining off', async () => {
		const teacher = await addUser('Teacher', 'teacher');
		const student = await addUser('Student');
		const classId = await createClass(t.db, teacher, {
			name: '9B',
			description: '',
			timeZone: 'UTC'
		});
		const first = (await findClass(t.db, classId))!.joinCode!;
		expect(first).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{8}$`));
		expect((await findClassByJoinCode(t.db, first))?.id).toBe(classId);

		// Typed with a dash and in lower case, the code still opens the class.
		const typed = `${first.slice(0, 4).toLowerCase()}-${first.slice(4)}`;
		const found = await lookUpJoinCode(t.db, student, typed);
		expect(found.ok && found.cls.id).toBe(classId);

		const second = await regenerateJoinCode(t.db, classId);
		expect(second).not.toBe(first);
		expect(await findClassByJoinCode(t.db, first)).toBeUndefined();
		expect((await findClassByJoinCode(t.db, second))?.id).toBe(classId);

		await disableJoining(t.db, classId);
		expect((await findClass(t.db, classId))!.joinCode).toBeNull();
		expect(await findClassByJoinCode(t.db, second)).toBeUndefined();
		const refused = await lookUpJoinCode(t.db, student, second);
		expect(refused).toMatchObject({ ok: false, status: 404 });
	});

	it('recognises the unique-index error a colliding code raises, so it can draw again', async () => {
		const teacher = await addUser('Teacher', 'teacher');
		const a = await createClass(t.db, teacher, { name: 'A', description: '', timeZone: 'UTC' });
		const b = await createClass(t.db, teacher, { name: 'B', description: '', timeZone: 'UTC' });
		const codeOfA = (await findClass(t.db, a))!.joinCode;
		const collision = await t.db
			.update(classes)
			.set({ joinCode: codeOfA })
			.where(eq(classes.id, b))
			.then(
				() => null,
				(error: unknown) => error
			);
		expect(collision).not.toBeNull();
		expect(isUniqueViolation(collision)).toBe(true);
		expect(isUniqueViolation(new Error('FOREIGN KEY constraint failed'))).toBe(false);
	});

	it('joins once however often a student uses the code, and caps wrong guesses', async () => {
		const teacher = await addUser('Teacher', 'teacher');
		const student = await addUser('Student');
		const classId = await createClass(t.db, teacher, {
			name: '9B',
			description: '',
			timeZone: 'UTC'
		});
		expect(await joinClass(t.db, classId, student)).toBe('joined');
		expect(await joinClass(t.db, classId, student)).toBe('already-member');
		expect(await listRoster(t.db, classId)).toHaveLength(1);

		// Ten codes that open nothing, then the eleventh try is refused before any lookup.
		for (let i = 0; i < 10; i++) {
			expect(await lookUpJoinCode(t.db, student, 'AAAAAAAA')).toMatchObject({ status: 404 });
		}
		expect(await lookUpJoinCode(t.db, student, 'AAAAAAAA')).toMatchObject({
			ok: false,
			status: 429
		});
		// Not a code at all (an O, which codes never use): refused before any lookup.
		expect(await lookUpJoinCode(t.db, student, 'OOOOOOOO')).toMatchObject({
			ok: false,
			status: 400
		});
	});
});

describe('adding students without e-mail', () => {
	it('creates accounts with unique usernames and one-time passwords, all in the class', async () => {
		const teacher = await addUser('Teacher', 'teacher');
		const classId = await createClass(t.db, teacher, {
			name: '9B',
			description: '',
			timeZone: 'UTC'
		});
		// Someone already has the username the first name would get.
		await t.db
			.insert(users)
			.values({ id: randomUUID(), username: 'zoe.oneil', displayName: 'Zoë' });

		const added = await addStudentsInBulk(t.db, {
			classId,
			teacherId: teacher,
			names: ['Zoë O’Neil', 'Sam Lee', 'Sam Lee']
		});
		const sheet = added.ok ? added.students : [];
		expect(sheet.map((s) => s.username)).toEqual(['zoe.oneil2', 'sam.lee', 'sam.lee2']);
		expect(sheet.map((s) => s.displayName)).toEqual(['Zoë O’Neil', 'Sam Lee', 'Sam Lee']);

		const roster = await listRoster(t.db, classId);
		expect(roster.map((r) => r.login).sort()).toEqual(['sam.lee', 'sam.lee2', 'zoe.oneil2']);
		for (const student of sheet) {
			const account = (await findAccountByLogin(t.db, student.username.toUpperCase()))!;
			expect(account).toMatchObject({
				email: null,
				role: 'learner',
				mustChangePassword: true,
				createdById: teacher
			});
			// Only a hash is stored, and it is the hash of the password on the sheet.
			expect(account.passwordHash).not.toContain(student.oneTimePassword);
			expect(await verifyPassword(account.passwordHash!, student.oneTimePassword)).toBe(true);
		}
		expect(new Set(sheet.map((s) => s.oneTimePassword)).size).toBe(3);
	});
});

describe('the gradebook query', () => {
	it('hands the pure gradebook exactly the class’s reads, attempts and responses', async () => {
		const teacher = await addUser('Teacher', 'teacher');
		const ann = await addUser('Ann');
		const ben = await addUser('Ben');
		const cy = await addUser('Cy');
		const outsider = await addUser('Outsider');
		const classId = await createClass(t.db, teacher, {
			name: '9B',
			description: '',
			timeZone: 'Europe/London'
		});
		const otherClass = await createClass(t.db, teacher, {
			name: '9C',
			description: '',
			timeZone: 'UTC'
		});
		for (const s of [cy, ben, ann]) await joinClass(t.db, classId, s);
		await joinClass(t.db, otherClass, ben);

		const start = Date.UTC(2026, 2, 2, 9);
		const at = (hours: number) => new Date(start + hours * HOUR);
		const due = at(48);
		const evergreenOnly = await createAssignment(t.db, {
			classId,
			articleId: article.id,
			sectionIds: [section(EVERGREEN).id],
			input: { dueAt: due.getTime(), requireQuiz: true, passMark: 70, requireResponse: true },
			now: at(0)
		});
		const wholeArticle = await createAssignment(t.db, {
			classId,
			articleId: article.id,
			sectionIds: null,
			input: { dueAt: null, requireQuiz: false, passMark: 70, requireResponse: false },
			now: at(1)
		});

		// Ann: reads, passes, responds, all before the due date.
		await markSectionRead(t.db, ann, section(EVERGREEN).id, at(2));
		await takeEvergreenQuiz(ann, true, at(3));
		const classThread = (await openClassThread(t.db, classId, article.slug, '1'))!;
		expect(classThread.thread.respondFirst).toBe(true);
		await post(classThread.thread.id, ann, 'My answer.', at(4));
		// Ben: reads two modules, fails the quiz, and posts only where it does not count: the
		// public thread and his other class's thread.
		await markSectionRead(t.db, ben, section(EVERGREEN).id, at(5));
		await markSectionRead(t.db, ben, lessons[0]!.id, at(6));
		await takeEvergreenQuiz(ben, false, at(7));
		const publicThread = await getOrCreateThread(t.db, {
			articleId: article.id,
			promptId: classThread.prompt.id,
			scope: PUBLIC_SCOPE
		});
		await post(publicThread.id, ben, 'Public.', at(8));
		const otherThread = await openClassThread(t.db, otherClass, article.slug, '1');
		expect(otherThread).toBeUndefined(); // nothing is assigned to the other class
		// Cy: a post of his was hidden by a moderator: it does not count as a response.
		const hidden = await post(classThread.thread.id, cy, 'Rude.', at(9));
		await t.db
			.update(posts)
			.set({ status: 'hidden', hiddenBy: 'moderator' })
			.where(eq(posts.id, hidden));
		// Someone outside the class reads and posts: never in the gradebook.
		await markSectionRead(t.db, outsider, section(EVERGREEN).id, at(2));
		await post(classThread.thread.id, outsider, 'Not in the class.', at(10));
		// Ann passes again later, and Ben later passes late: first passes and late both show.
		await takeEvergreenQuiz(ben, true, at(50));

		const now = at(60);
		const loaded = await loadClassGradebook(t.db, classId, now);

		const input: GradebookInput = {
			students: [
				{ id: ann, name: 'Ann' },
				{ id: ben, name: 'Ben' },
				{ id: cy, name: 'Cy' }
			],
			assignments: [
				{
					id: evergreenOnly,
					title: `${article.title}: Evergreen takeaways for readers`,
					articleId: article.id,
					sectionIds: [section(EVERGREEN).id],
					dueAt: due.getTime(),
					requireQuiz: true,
					passMark: 70,
					requireResponse: true,
					ownQuizOnly: false
				},
				{
					id: wholeArticle,
					title: article.title,
					articleId: article.id,
					sectionIds: lessons.map((s) => s.id),
					dueAt: null,
					requireQuiz: false,
					passMark: 70,
					requireResponse: false,
					ownQuizOnly: false
				}
			],
			progress: [
				{ studentId: ann, sectionId: section(EVERGREEN).id, readAt: at(2).getTime() },
				{ studentId: ben, sectionId: section(EVERGREEN).id, readAt: at(5).getTime() },
				{ studentId: ben, sectionId: lessons[0]!.id, readAt: at(6).getTime() }
			],
			attempts: [
				{
					studentId: ann,
					articleId: article.id,
					sectionIds: [section(EVERGREEN).id],
					scorePercent: 100,
					submittedAt: at(3).getTime()
				},
				{
					studentId: ben,
					articleId: article.id,
					sectionIds: [section(EVERGREEN).id],
					scorePercent: 0,
					submittedAt: at(7).getTime()
				},
				{
					studentId: ben,
					articleId: article.id,
					sectionIds: [section(EVERGREEN).id],
					scorePercent: 100,
					submittedAt: at(50).getTime()
				}
			],
			responses: [{ studentId: ann, articleId: article.id, respondedAt: at(4).getTime() }],
			now: now.getTime()
		};
		expect(loaded.gradebook).toEqual(buildGradebook(input));

		// And what that means, in the product's words.
		const [annRow, benRow, cyRow] = loaded.gradebook.rows;
		expect(annRow!.cells[0]).toMatchObject({
			status: 'done',
			completedLate: false,
			bestScorePercent: 100
		});
		expect(benRow!.cells[0]).toMatchObject({
			status: 'late',
			bestScorePercent: 100,
			responded: false,
			remaining: ['Respond to the discussion']
		});
		expect(cyRow!.cells[0]).toMatchObject({ status: 'late', responded: false, sectionsRead: 0 });
		expect(benRow!.cells[1]).toMatchObject({ status: 'in-progress', sectionsRead: 2 });

		// A student's own view is their row of the same gradebook.
		const mine = await loadStudentAssignments(t.db, classId, ben, now);
		expect(mine.map((m) => m.cell)).toEqual(benRow!.cells);
		expect(mine[1]!.readModuleIds).toEqual(
			[lessons[0]!.id, section(EVERGREEN).id].sort(
				(a, b) => lessons.findIndex((l) => l.id === a) - lessons.findIndex((l) => l.id === b)
			)
		);

		// The API's JSON says the same, with ISO dates.
		const resource = gradebookResource(
			{ id: classId, name: '9B', timeZone: 'Europe/London' },
			loaded,
			now
		);
		expect(resource.assignments[0]).toMatchObject({
			id: evergreenOnly,
			dueAt: due.toISOString(),
			modules: [{ slug: EVERGREEN, title: 'Evergreen takeaways for readers' }],
			wholeArticle: false
		});
		expect(resource.students.map((s) => s.name)).toEqual(['Ann', 'Ben', 'Cy']);
		expect(resource.students[0]!.results[0]).toMatchObject({
			status: 'done',
			bestScorePercent: 100,
			responded: true,
			completedAt: at(4).toISOString()
		});
	});

	it('counts a response held for approval, and only in the class’s own threads', async () => {
		const teacher = await addUser('Teacher', 'teacher');
		const ann = await addUser('Ann');
		const classId = await createClass(t.db, teacher, {
			name: '9B',
			description: '',
			timeZone: 'UTC'
		});
		await joinClass(t.db, classId, ann);
		await createAssignment(t.db, {
			classId,
			articleId: article.id,
			sectionIds: [section(EVERGREEN).id],
			input: { dueAt: null, requireQuiz: false, passMark: 70, requireResponse: true }
		});
		const thread = (await openClassThread(t.db, classId, article.slug, '2'))!;
		const id = await post(thread.thread.id, ann, 'Waiting for approval.', new Date());
		await t.db.update(posts).set({ status: 'held' }).where(eq(posts.id, id));
		const { gradebook } = await loadClassGradebook(t.db, classId);
		expect(gradebook.rows[0]!.cells[0]!.responded).toBe(true);
	});
});

describe('insights', () => {
	it('analyses each student’s first answer to each question, and reading per module', async () => {
		const teacher = await addUser('Teacher', 'teacher');
		const ann = await addUser('Ann');
		const ben = await addUser('Ben');
		const classId = await createClass(t.db, teacher, {
			name: '9B',
			description: '',
			timeZone: 'UTC'
		});
		await joinClass(t.db, classId, ann);
		await joinClass(t.db, classId, ben);
		await createAssignment(t.db, {
			classId,
			articleId: article.id,
			sectionIds: null,
			input: { dueAt: null, requireQuiz: true, passMark: 70, requireResponse: false }
		});
		const start = Date.UTC(2026, 2, 2, 9);
		await takeEvergreenQuiz(ann, true, new Date(start));
		await takeEvergreenQuiz(ben, false, new Date(start + HOUR));
		// Ben's later right answers are practice: they do not change the first-answer figures.
		await takeEvergreenQuiz(ben, true, new Date(start + 2 * HOUR));
		await markSectionRead(t.db, ann, section(EVERGREEN).id);

		const [insights] = await loadInsights(t.db, classId);
		expect(insights!.students).toBe(2);
		expect(insights!.classSize).toBe(2);
		const limits = insights!.questions.find((q) => q.questionId === 'q-evergreen-limits')!;
		expect(limits).toMatchObject({
			asked: 2,
			correct: 1,
			facility: 0.5,
			discrimination: 1,
			commonWrongAnswer: { text: 'True', count: 1 }
		});
		const blend = insights!.questions.find((q) => q.questionId === 'q-evergreen-blend')!;
		expect(blend.commonWrongAnswer).toEqual({ text: 'strategy', count: 1 });
		expect(blend.moduleTitle).toBe('Evergreen takeaways for readers');
		// Questions keep the quiz's order; the ones nobody answered are left out.
		expect(insights!.questions).toHaveLength(2);
		expect(insights!.questions.indexOf(limits)).toBeLessThan(insights!.questions.indexOf(blend));

		const evergreen = insights!.modules.find((m) => m.sectionId === section(EVERGREEN).id)!;
		expect(evergreen).toMatchObject({ read: 1, share: 0.5 });
		expect(insights!.modules.map((m) => m.sectionId)).toEqual(lessons.map((l) => l.id));
	});
});

describe('personal API tokens', () => {
	it('stores only the hash, finds the owner by the token, notes its use, and forgets it when revoked', async () => {
		const teacher = await addUser('Teacher', 'teacher');
		const created = await createApiToken(t.db, teacher, 'Spreadsheet');
		if (!created.ok) throw new Error(created.message);
		expect(created.token).toMatch(/^lectern_[a-z2-7]{32}$/);

		const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
		expect(row!.tokenHash).toBe(hashToken(created.token));
		expect(JSON.stringify(row)).not.toContain(created.token);
		expect(row!.lastUsedAt).toBeNull();

		const now = new Date(Date.UTC(2026, 2, 2, 9));
		expect((await authenticateApiToken(t.db, created.token, now))?.id).toBe(teacher);
		const [used] = await listApiTokens(t.db, teacher);
		expect(used!.lastUsedAt).toEqual(now);

		// One character changed (never to the one it was: a token ending in "a" once made this
		// test pass the real token and fail, 1 run in 32).
		const altered = created.token.slice(0, -1) + (created.token.endsWith('a') ? 'b' : 'a');
		expect(await authenticateApiToken(t.db, altered)).toBeNull();
		expect(await authenticateApiToken(t.db, 'not a token')).toBeNull();

		// Another person cannot revoke it; its owner can, and then it opens nothing.
		const other = await addUser('Other', 'teacher');
		expect(await revokeApiToken(t.db, other, created.id)).toBe(false);
		expect(await revokeApiToken(t.db, teacher, created.id)).toBe(true);
		expect(await authenticateApiToken(t.db, created.token)).toBeNull();
	});

	it('opens nothing for a disabled account', async () => {
		const teacher = await addUser('Teacher', 'teacher');
		const created = await createApiToken(t.db, teacher, 'Script');
		if (!created.ok) throw new Error(created.message);
		await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, teacher));
		expect(await authenticateApiToken(t.db, created.token)).toBeNull();
	});
});

describe('the data download', () => {
	it('includes the student’s classes and their own results there', async () => {
		const teacher = await addUser('Teacher', 'teacher');
		const ann = await addUser('Ann');
		const ben = await addUser('Ben');
		const classId = await createClass(t.db, teacher, {
			name: '9B',
			description: '',
			timeZone: 'UTC'
		});
		await joinClass(t.db, classId, ann);
		await joinClass(t.db, classId, ben);
		await createAssignment(t.db, {
			classId,
			articleId: article.id,
			sectionIds: [section(EVERGREEN).id],
			input: { dueAt: null, requireQuiz: true, passMark: 70, requireResponse: false }
		});
		await markSectionRead(t.db, ann, section(EVERGREEN).id);
		await takeEvergreenQuiz(ann, true, new Date());
		await takeEvergreenQuiz(ben, false, new Date());

		const data = (await exportUserData(t.db, ann))!;
		expect(data.classMemberships).toEqual([expect.objectContaining({ classId, className: '9B' })]);
		expect(data.classResults).toEqual([
			{
				classId,
				className: '9B',
				assignments: [
					expect.objectContaining({
						status: 'done',
						modulesRead: 1,
						modulesRequired: 1,
						bestScorePercent: 100
					})
				]
			}
		]);
		// Only her own results: nothing of Ben's.
		expect(JSON.stringify(data)).not.toContain(ben);
	});
});
