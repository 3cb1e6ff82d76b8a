// Suspensions against a real database file: who may suspend whom (the rank rule), lifting early
// with an audit entry, a teacher's suspension confined to that teacher's class, and a suspended
// person refused edits and reports as well as new posts.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../src/lib/access';
import { parseArticle } from '../../src/lib/article/parse';
import type { ModerationCommand } from '../../src/lib/discussion';
import { importArticle } from '../../src/lib/server/articles';
import { auditLog, classMembers, classes, users } from '../../src/lib/server/db/schema';
import {
	PUBLIC_SCOPE,
	classScope,
	createPost,
	editPost,
	getOrCreateThread,
	reportPost,
	type Thread,
	type ThreadScope
} from '../../src/lib/server/discussion';
import {
	applyModeration,
	checkSuspension,
	listActiveSuspensions,
	loadModerationQueue
} from '../../src/lib/server/moderation';
import { freshDatabase, seedText, type TestDatabase } from './support/database';

let t: TestDatabase;
let articleId: string;
let promptId: string;
/** The test's clock, near real time: each step 31 s later, clear of the posting rate limit. */
let clock: number;
const tick = () => new Date((clock += 31_000));

interface Person extends Actor {
	displayName: string;
}

beforeEach(async () => {
	t = await freshDatabase();
	articleId = (await importArticle(t.db, parseArticle(seedText()))).articleId;
	const prompt = await t.db.query.prompts.findFirst({
		where: (p, { eq }) => eq(p.articleId, articleId)
	});
	promptId = prompt!.id;
	clock = Date.now();
});
afterEach(() => t.close());

async function person(role: Role, name: string = role): Promise<Person> {
	const id = randomUUID();
	await t.db.insert(users).values({
		id,
		email: `${name}-${id.slice(0, 6)}@example.org`,
		displayName: name,
		role,
		approvedPostCount: 2,
		createdAt: new Date(Date.UTC(2025, 0, 1))
	});
	return { id, role, isGuest: false, displayName: name };
}

async function classOf(teacher: Person, ...students: Person[]) {
	const id = randomUUID();
	await t.db.insert(classes).values({
		id,
		teacherId: teacher.id,
		name: `Class of ${teacher.displayName}`,
		joinCode: randomUUID().slice(0, 8).toUpperCase()
	});
	for (const s of students)
		await t.db.insert(classMembers).values({ classId: id, userId: s.id, joinedAt: new Date() });
	return id;
}

function thread(scope: ThreadScope): Promise<Thread> {
	return getOrCreateThread(t.db, { articleId, promptId, scope });
}

async function post(where: Thread, author: Person, body = 'A thought.') {
	return createPost(
		t.db,
		{ threadId: where.id, authorId: author.id, isModerator: false, body },
		tick()
	);
}

async function postId(where: Thread, author: Person, body = 'A thought.') {
	const result = await post(where, author, body);
	if (!result.ok) throw new Error(`post refused: ${result.message}`);
	return result.postId;
}

const suspend = (userId: string, classId?: string): ModerationCommand => ({
	action: 'suspend',
	userId,
	classId,
	reason: 'Abuse',
	duration: '7d'
});
const lift = (userId: string, classId?: string): ModerationCommand => ({
	action: 'lift',
	userId,
	classId
});

/** Checks the rule, then acts, as the moderation route does. */
async function moderate(actor: Person, command: ModerationCommand) {
	if (command.action !== 'suspend' && command.action !== 'lift')
		throw new Error('not a suspension');
	const decision = await checkSuspension(t.db, actor, command);
	if (!decision.ok) return decision;
	return applyModeration(t.db, actor, command, tick());
}

const siteSuspension = async (userId: string) =>
	(await t.db.query.users.findFirst({ where: eq(users.id, userId) }))!.suspendedUntil;
const classSuspension = async (classId: string, userId: string) =>
	(await t.db.query.classMembers.findFirst({
		where: and(eq(classMembers.classId, classId), eq(classMembers.userId, userId))
	}))!.suspendedUntil;
const auditOf = (action: string) => t.db.select().from(auditLog).where(eq(auditLog.action, action));

describe('who may suspend whom', () => {
	it('refuses a moderator who suspends a moderator, a teacher or the admin, and changes nothing', async () => {
		const moderator = await person('moderator');
		for (const role of ['moderator', 'teacher', 'admin'] as const) {
			const target = await person(role, `target-${role}`);
			expect(await moderate(moderator, suspend(target.id)), role).toMatchObject({
				ok: false,
				reason: 'rank'
			});
			expect(await siteSuspension(target.id), role).toBeNull();
		}
		expect(await auditOf('suspend')).toEqual([]);
	});

	it('lets a moderator suspend a learner site-wide', async () => {
		const moderator = await person('moderator');
		const learner = await person('learner');
		expect(await moderate(moderator, suspend(learner.id))).toMatchObject({ ok: true });
		expect((await siteSuspension(learner.id))!.getTime()).toBeGreaterThan(clock);
	});

	it('lets an admin suspend a moderator and another admin, but not themself', async () => {
		const admin = await person('admin');
		const moderator = await person('moderator');
		const otherAdmin = await person('admin', 'other-admin');
		expect(await moderate(admin, suspend(moderator.id))).toMatchObject({ ok: true });
		expect(await moderate(admin, suspend(otherAdmin.id))).toMatchObject({ ok: true });
		expect(await moderate(admin, suspend(admin.id))).toMatchObject({ ok: false, reason: 'self' });
		expect(await siteSuspension(moderator.id)).not.toBeNull();
		expect(await siteSuspension(otherAdmin.id)).not.toBeNull();
		expect(await siteSuspension(admin.id)).toBeNull();
	});

	it('refuses a teacher a site-wide suspension, and a suspension in a class they do not teach', async () => {
		const teacher = await person('teacher');
		const otherTeacher = await person('teacher', 'other-teacher');
		const student = await person('learner');
		const otherClass = await classOf(otherTeacher, student);
		expect(await moderate(teacher, suspend(student.id))).toEqual({ ok: false, reason: 'access' });
		expect(await moderate(teacher, suspend(student.id, otherClass))).toEqual({
			ok: false,
			reason: 'access'
		});
		expect(await classSuspension(otherClass, student.id)).toBeNull();
	});

	it('refuses a teacher who names someone outside their class', async () => {
		const teacher = await person('teacher');
		const stranger = await person('learner');
		const cls = await classOf(teacher);
		expect(await moderate(teacher, suspend(stranger.id, cls))).toMatchObject({
			ok: false,
			reason: 'notMember'
		});
	});
});

describe('lifting a suspension early', () => {
	it('ends a site-wide suspension and records who lifted it', async () => {
		const moderator = await person('moderator');
		const learner = await person('learner');
		await moderate(moderator, suspend(learner.id));
		const lifted = await moderate(moderator, { ...lift(learner.id), reason: 'Apologised' });
		expect(lifted).toMatchObject({ ok: true });
		expect(await siteSuspension(learner.id)).toBeNull();
		const [entry] = await auditOf('lift');
		expect(entry).toMatchObject({
			actorId: moderator.id,
			targetType: 'user',
			targetId: learner.id,
			reason: 'Apologised'
		});
		// They can post again.
		expect(await post(await thread(PUBLIC_SCOPE), learner)).toMatchObject({ ok: true });
	});

	it('refuses to lift what is not running, and records nothing', async () => {
		const admin = await person('admin');
		const learner = await person('learner');
		expect(await moderate(admin, lift(learner.id))).toMatchObject({ ok: false, status: 409 });
		expect(await auditOf('lift')).toEqual([]);
	});

	it('lets a moderator lift a learner’s suspension but not a moderator’s (an admin’s to lift)', async () => {
		const admin = await person('admin');
		const moderator = await person('moderator');
		const suspendedModerator = await person('moderator', 'suspended-moderator');
		await moderate(admin, suspend(suspendedModerator.id));
		expect(await moderate(moderator, lift(suspendedModerator.id))).toMatchObject({
			ok: false,
			reason: 'rank'
		});
		expect(await siteSuspension(suspendedModerator.id)).not.toBeNull();
		expect(await moderate(admin, lift(suspendedModerator.id))).toMatchObject({ ok: true });
	});
});

describe('a teacher’s suspension of a student', () => {
	it('holds in that teacher’s class threads only: public and other classes stay open', async () => {
		const teacher = await person('teacher');
		const otherTeacher = await person('teacher', 'other-teacher');
		const student = await person('learner');
		const mine = await classOf(teacher, student);
		const theirs = await classOf(otherTeacher, student);
		const [inMine, inTheirs, open] = [
			await thread(classScope(mine)),
			await thread(classScope(theirs)),
			await thread(PUBLIC_SCOPE)
		];

		expect(await moderate(teacher, suspend(student.id, mine))).toMatchObject({ ok: true });
		expect(await classSuspension(mine, student.id)).not.toBeNull();
		expect(await classSuspension(theirs, student.id)).toBeNull();
		expect(await siteSuspension(student.id)).toBeNull();

		expect(await post(inMine, student)).toMatchObject({
			ok: false,
			status: 403,
			message: expect.stringMatching(
				/^Your teacher has suspended you from this class’s discussions/
			)
		});
		expect(await post(inTheirs, student)).toMatchObject({ ok: true });
		expect(await post(open, student)).toMatchObject({ ok: true });

		const [entry] = await auditOf('suspend');
		expect(entry).toMatchObject({ targetId: student.id, actorId: teacher.id });
		expect(entry!.details).toMatchObject({ classId: mine });
	});

	it('is listed for the teacher, who lifts it (audited) so the student may post again', async () => {
		const teacher = await person('teacher');
		const student = await person('learner');
		const cls = await classOf(teacher, student);
		await moderate(teacher, suspend(student.id, cls));
		const listed = await listActiveSuspensions(
			t.db,
			{ public: false, classIds: [cls] },
			new Date(clock)
		);
		expect(listed).toMatchObject([{ userId: student.id, classId: cls, reason: 'Abuse' }]);
		// A site moderator sees no class suspension: it is not theirs.
		expect(
			await listActiveSuspensions(t.db, { public: true, classIds: [] }, new Date(clock))
		).toEqual([]);

		expect(await moderate(teacher, lift(student.id, cls))).toMatchObject({ ok: true });
		expect(await classSuspension(cls, student.id)).toBeNull();
		expect((await auditOf('lift'))[0]!.details).toMatchObject({ classId: cls });
		expect(await post(await thread(classScope(cls)), student)).toMatchObject({ ok: true });
	});

	it('shows the teacher’s queue the class suspension of a reported student, not a site-wide one', async () => {
		const teacher = await person('teacher');
		const student = await person('learner');
		const classmate = await person('learner', 'classmate');
		const cls = await classOf(teacher, student, classmate);
		const where = await thread(classScope(cls));
		const id = await postId(where, student);
		await reportPost(
			t.db,
			{ threadId: where.id, reporterId: classmate.id, report: { postId: id, reason: 'spam' } },
			tick()
		);
		await moderate(teacher, suspend(student.id, cls));
		const [item] = await loadModerationQueue(t.db, { public: false, classIds: [cls] });
		expect(item!.thread.classId).toBe(cls);
		expect(item!.post.authorRole).toBe('learner');
		expect(item!.post.authorSuspendedUntil).toEqual(await classSuspension(cls, student.id));
	});
});

describe('a suspended person', () => {
	async function setting() {
		const admin = await person('admin');
		const teacher = await person('teacher');
		const author = await person('learner', 'author');
		const other = await person('learner', 'other');
		const cls = await classOf(teacher, author, other);
		const open = await thread(PUBLIC_SCOPE);
		const inClass = await thread(classScope(cls));
		const ids = {
			authorsPublic: await postId(open, author, 'Mine, public.'),
			othersPublic: await postId(open, other, 'Theirs, public.'),
			authorsClass: await postId(inClass, author, 'Mine, in class.'),
			othersClass: await postId(inClass, other, 'Theirs, in class.')
		};
		return { admin, teacher, author, cls, open, inClass, ids };
	}
	const edit = (where: Thread, id: string, userId: string) =>
		editPost(t.db, { threadId: where.id, postId: id, userId, body: 'Changed.' }, tick());
	const report = (where: Thread, id: string, reporterId: string) =>
		reportPost(
			t.db,
			{ threadId: where.id, reporterId, report: { postId: id, reason: 'spam' } },
			tick()
		);

	it('cannot edit their posts or report anyone’s while suspended site-wide', async () => {
		const { admin, author, open, inClass, ids } = await setting();
		await moderate(admin, suspend(author.id));
		const refused = {
			ok: false,
			status: 403,
			message: expect.stringMatching(/^Your account is suspended until/)
		};
		expect(await edit(open, ids.authorsPublic, author.id)).toMatchObject(refused);
		expect(await edit(inClass, ids.authorsClass, author.id)).toMatchObject(refused);
		expect(await report(open, ids.othersPublic, author.id)).toMatchObject(refused);
		expect(await report(inClass, ids.othersClass, author.id)).toMatchObject(refused);
		const stored = await t.db.query.posts.findFirst({
			where: (p, { eq }) => eq(p.id, ids.authorsPublic)
		});
		expect(stored!.body).toBe('Mine, public.');
		expect(await t.db.query.reports.findMany()).toEqual([]);
	});

	it('suspended in a class, cannot edit or report there, but can in public', async () => {
		const { teacher, author, cls, open, inClass, ids } = await setting();
		await moderate(teacher, suspend(author.id, cls));
		const refused = {
			ok: false,
			status: 403,
			message: expect.stringMatching(/^Your teacher has suspended you/)
		};
		expect(await edit(inClass, ids.authorsClass, author.id)).toMatchObject(refused);
		expect(await report(inClass, ids.othersClass, author.id)).toMatchObject(refused);
		expect(await edit(open, ids.authorsPublic, author.id)).toEqual({ ok: true });
		expect(await report(open, ids.othersPublic, author.id)).toMatchObject({ ok: true });
	});
});
