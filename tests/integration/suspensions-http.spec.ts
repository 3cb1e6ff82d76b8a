// Suspensions, API tokens and the admin's user actions over HTTP, against one production server:
// the forms refuse what the rules refuse, act on what they allow, and say why in the page.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/lib/server/api-tokens';
import { apiTokens, auditLog, classMembers, posts, users } from '../../src/lib/server/db/schema';
import { createCast, type Cast, type SubjectKey } from './support/cast';
import { request, stopAllServers } from './support/server';

let cast: Cast;

beforeAll(async () => {
	cast = await createCast();
}, 800_000);

afterAll(async () => {
	await cast?.close();
	await stopAllServers();
});

const db = () => cast.handle.db;
const id = (key: SubjectKey) => cast.people[key].id!;
const as = (key: SubjectKey, path: string, fields: [string, string][]) =>
	request(cast.server, path, { token: cast.people[key].token!, form: new URLSearchParams(fields) });
const publicThread = () =>
	`/lessons/${cast.resources.article.slug}/discuss/${cast.resources.prompt}`;
const classThread = () =>
	`/classes/${cast.resources.classA}/discuss/${cast.resources.article.slug}/${cast.resources.prompt}`;
const siteSuspension = async (userId: string) =>
	(await db().query.users.findFirst({ where: eq(users.id, userId) }))!.suspendedUntil;
const auditFor = (action: string, targetId: string) =>
	db()
		.select()
		.from(auditLog)
		.where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));
const suspendForm = (userId: string, extra: [string, string][] = []): [string, string][] => [
	['userId', userId],
	['reason', 'Testing the rule.'],
	['duration', '1d'],
	...extra
];

describe('site-wide suspensions over HTTP', () => {
	it('refuses a moderator who suspends the admin or a teacher, with the reason in the page', async () => {
		for (const target of ['admin', 'teacher'] as const) {
			const response = await as('moderator', '/moderation?/suspend', suspendForm(id(target)));
			expect(response.status, target).toBe(403);
			expect(response.body).toContain('Moderators can suspend learners only');
			expect(await siteSuspension(id(target))).toBeNull();
		}
	});

	it('lets the admin suspend a moderator, and lift it early with an audit entry', async () => {
		const suspended = await as('admin', '/moderation?/suspend', suspendForm(id('moderator')));
		expect(suspended).toMatchObject({ status: 303, location: '/moderation?done=suspend' });
		expect(await siteSuspension(id('moderator'))).not.toBeNull();

		const lifted = await as('admin', '/moderation?/lift', [['userId', id('moderator')]]);
		expect(lifted).toMatchObject({ status: 303, location: '/moderation?done=lift' });
		expect(await siteSuspension(id('moderator'))).toBeNull();
		expect(await auditFor('lift', id('moderator'))).toMatchObject([{ actorId: id('admin') }]);
	});
});

describe('a teacher’s suspension over HTTP', () => {
	it('blocks the student in that class’s threads only; the teacher lifts it', async () => {
		const { classA } = cast.resources;
		const suspended = await as(
			'teacher',
			'/moderation?/suspend',
			suspendForm(id('student'), [['classId', classA]])
		);
		expect(suspended.status).toBe(303);
		expect(await siteSuspension(id('student'))).toBeNull();

		const inClass = await as('student', `${classThread()}?/post`, [['body', 'In class.']]);
		expect(inClass.status).toBe(403);
		expect(inClass.body).toContain('Your teacher has suspended you from this class’s discussions');
		const page = await request(cast.server, classThread(), { token: cast.people.student.token! });
		expect(page.body).toContain('Your teacher has suspended you from this class’s discussions');

		const inPublic = await as('student', `${publicThread()}?/post`, [['body', 'In public.']]);
		expect(inPublic.status).toBe(303);

		// Another teacher cannot lift it; the class's teacher can.
		const stranger = await as('otherTeacher', '/moderation?/lift', [
			['userId', id('student')],
			['classId', classA]
		]);
		expect(stranger.status).toBe(403);
		const lifted = await as('teacher', '/moderation?/lift', [
			['userId', id('student')],
			['classId', classA]
		]);
		expect(lifted.status).toBe(303);
		const member = await db().query.classMembers.findFirst({
			where: and(eq(classMembers.classId, classA), eq(classMembers.userId, id('student')))
		});
		expect(member!.suspendedUntil).toBeNull();
		expect(await auditFor('lift', id('student'))).toMatchObject([{ actorId: id('teacher') }]);
	});

	it('cannot be made site-wide by a teacher', async () => {
		const response = await as('teacher', '/moderation?/suspend', suspendForm(id('student')));
		expect(response.status).toBe(403);
		expect(await siteSuspension(id('student'))).toBeNull();
	});
});

describe('a suspended person over HTTP', () => {
	it('can neither edit their post nor report someone else’s', async () => {
		// A fresh post of the student's (inside the edit window) and one of the teacher's, clear
		// of the one-post-per-30-s limit (the student posted in the test before).
		await db()
			.update(posts)
			.set({ createdAt: sql`${posts.createdAt} - 60000` })
			.where(eq(posts.authorId, id('student')));
		const mine = await as('student', `${publicThread()}?/post`, [['body', 'Fresh, mine.']]);
		const theirs = await as('teacher', `${publicThread()}?/post`, [['body', 'Fresh, theirs.']]);
		expect([mine.status, theirs.status]).toEqual([303, 303]);
		const [own] = await db()
			.select({ id: posts.id })
			.from(posts)
			.where(and(eq(posts.authorId, id('student')), eq(posts.body, 'Fresh, mine.')));
		const [other] = await db()
			.select({ id: posts.id })
			.from(posts)
			.where(eq(posts.body, 'Fresh, theirs.'));

		await as('moderator', '/moderation?/suspend', suspendForm(id('student')));
		expect(await siteSuspension(id('student'))).not.toBeNull();

		const edit = await as('student', `${publicThread()}?/edit`, [
			['postId', own!.id],
			['body', 'Changed while suspended.']
		]);
		expect(edit.status).toBe(403);
		expect(edit.body).toContain('Your account is suspended until');
		const report = await as('student', `${publicThread()}?/report`, [
			['postId', other!.id],
			['reason', 'spam']
		]);
		expect(report.status).toBe(403);
		expect(report.body).toContain('Your account is suspended until');
		const stored = await db().query.posts.findFirst({ where: eq(posts.id, own!.id) });
		expect(stored!.body).toBe('Fresh, mine.');

		// The admin lifts it from the user list, audited.
		const users = await request(cast.server, '/admin?q=student', {
			token: cast.people.admin.token!
		});
		expect(users.body).toContain('Lift suspension');
		const lifted = await as('admin', '/admin?/liftSuspension', [['userId', id('student')]]);
		expect(lifted.status).toBe(200);
		expect(await siteSuspension(id('student'))).toBeNull();
		expect(await auditFor('lift', id('student'))).toContainEqual(
			expect.objectContaining({ actorId: id('admin') })
		);
	});
});

describe('tokens and the admin over HTTP', () => {
	it('lets a learner revoke a token left from when they taught', async () => {
		const created = await createApiToken(db(), id('otherStudent'), 'Old script');
		if (!created.ok) throw new Error(created.message);
		const page = await request(cast.server, '/account', { token: cast.people.otherStudent.token! });
		expect(page.body).toContain('Old script');
		expect(page.body).not.toContain('Create token');
		const revoked = await as('otherStudent', '/account?/revokeToken', [['tokenId', created.id]]);
		expect(revoked.status).toBe(303);
		expect(await db().select().from(apiTokens).where(eq(apiTokens.id, created.id))).toEqual([]);
	});

	it('shows the admin every token and lets them revoke one, audited', async () => {
		const created = await createApiToken(db(), id('teacher'), 'Teacher’s sheet');
		if (!created.ok) throw new Error(created.message);
		const page = await request(cast.server, '/admin', { token: cast.people.admin.token! });
		expect(page.body).toContain('Teacher’s sheet');
		const revoked = await as('admin', '/admin?/revokeToken', [['tokenId', created.id]]);
		expect(revoked.status).toBe(200);
		expect(await db().select().from(apiTokens).where(eq(apiTokens.id, created.id))).toEqual([]);
		expect(await auditFor('apiToken.revoke', created.id)).toHaveLength(1);
	});

	it('answers a role change for an unknown user with a 404 message and no audit entry', async () => {
		const nobody = randomUUID();
		const response = await as('admin', '/admin?/role', [
			['userId', nobody],
			['role', 'admin']
		]);
		expect(response.status).toBe(404);
		expect(response.body).toContain('There is no such user');
		expect(await auditFor('user.role', nobody)).toEqual([]);
	});

	it('lets the admin approve and decline requests to teach', async () => {
		const [asksA, asksB] = [randomUUID(), randomUUID()];
		await db()
			.insert(users)
			.values(
				[asksA, asksB].map((userId, i) => ({
					id: userId,
					email: `asks-${i}-${userId.slice(0, 6)}@lectern.test`,
					displayName: `Would-be teacher ${i}`,
					teacherRequestedAt: new Date()
				}))
			);
		const page = await request(cast.server, '/admin', { token: cast.people.admin.token! });
		expect(page.body).toContain('Would-be teacher 0');
		expect((await as('admin', '/admin?/approveTeacher', [['userId', asksA]])).status).toBe(200);
		expect((await as('admin', '/admin?/declineTeacher', [['userId', asksB]])).status).toBe(200);
		const [a, b] = await Promise.all(
			[asksA, asksB].map((userId) => db().query.users.findFirst({ where: eq(users.id, userId) }))
		);
		expect(a).toMatchObject({ role: 'teacher', teacherRequestedAt: null });
		expect(b).toMatchObject({ role: 'learner', teacherRequestedAt: null });
		expect(await auditFor('user.teacherApprove', asksA)).toHaveLength(1);
		expect(await auditFor('user.teacherDecline', asksB)).toHaveLength(1);
	});
});
