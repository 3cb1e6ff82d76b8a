// A teacher leaving, over HTTP against the production build (issue 16, finding 6): the account
// page refuses while a class is in use and says why; an archived class is read-only for
// everyone; once the teacher is gone the student's post, attempt and grade are still in the
// student's own download, and the class is an administrator's to restore.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/lib/server/auth/password';
import { classes, users } from '../../src/lib/server/db/schema';
import { createCast, type Cast } from './support/cast';
import { PREPARE_TIMEOUT_MS, request } from './support/server';

const PASSWORD = 'teacher password for this spec';

describe('a teacher who archives a class and deletes their account', () => {
	let cast: Cast;
	const as = (key: 'teacher' | 'student' | 'otherStudent' | 'admin') => cast.people[key].token!;
	const classPath = () => `/classes/${cast.resources.classA}`;
	const threadPath = () =>
		`${classPath()}/discuss/${cast.resources.article.slug}/${cast.resources.prompt}`;

	beforeAll(async () => {
		cast = await createCast();
		await cast.handle.db
			.update(users)
			.set({ passwordHash: await hashPassword(PASSWORD) })
			.where(eq(users.id, cast.people.teacher.id!));
		// The class goes to the earliest active administrator: make that the cast's admin (the
		// server's first admin may share its creation millisecond, and ties go by id).
		await cast.handle.db
			.update(users)
			.set({ createdAt: new Date(0) })
			.where(eq(users.id, cast.people.admin.id!));
	}, PREPARE_TIMEOUT_MS);
	afterAll(() => cast?.close());

	const deleteTeacher = () =>
		request(cast.server, '/account?/delete', {
			token: as('teacher'),
			form: new URLSearchParams({ deletePassword: PASSWORD, confirm: 'on' })
		});

	it('is refused while the class is in use, with the class named and linked', async () => {
		const page = await request(cast.server, '/account', { token: as('teacher') });
		expect(page.body).toContain(`href="${classPath()}/settings"`);
		const refused = await deleteTeacher();
		expect(refused.status).toBe(409);
		expect(refused.body).toMatch(/role="alert"[^>]*>You still teach “Class A”/);
		expect(
			await cast.handle.db.query.users.findFirst({
				where: eq(users.id, cast.people.teacher.id!)
			})
		).toBeDefined();
	});

	it('keeps the class read-only once archived: no posts, assignments or joins', async () => {
		// The teacher answers the student's class post first.
		const reply = await request(cast.server, `${threadPath()}?/reply`, {
			token: as('teacher'),
			form: new URLSearchParams({ parentId: cast.resources.classPost, body: 'Well put.' })
		});
		expect(reply.status).toBe(303);

		const archived = await request(cast.server, `${classPath()}/settings?/archive`, {
			token: as('teacher'),
			form: new URLSearchParams({ confirm: 'on' })
		});
		expect(archived).toMatchObject({ status: 303, location: `${classPath()}?notice=archived` });
		const page = await request(cast.server, classPath(), { token: as('teacher') });
		expect(page.body).toContain('Restore the class');
		const assignments = await request(cast.server, `${classPath()}/assignments`, {
			token: as('teacher')
		});
		expect(assignments.status).toBe(200);
		expect(assignments.body).not.toContain('action="?/assign"');

		const post = await request(cast.server, `${threadPath()}?/post`, {
			token: as('student'),
			form: new URLSearchParams({ body: 'Another thought.' })
		});
		expect(post.status).toBe(409);
		expect(post.body).toContain('This class is archived');

		const assign = await request(cast.server, `${classPath()}/assignments?/assign`, {
			token: as('teacher'),
			form: new URLSearchParams({ articleSlug: cast.resources.article.slug })
		});
		expect(assign.status).toBe(409);
		expect(assign.body).toMatch(/role="alert"[^>]*>\s*This class is archived/);

		const join = await request(cast.server, '/join?/join', {
			token: as('otherStudent'),
			form: new URLSearchParams({ code: cast.resources.joinCodeA })
		});
		expect(join.status).toBe(404);
		const studentPage = await request(cast.server, classPath(), { token: as('student') });
		expect(studentPage.body).toContain('This class is archived');
	});

	it('then deletes the account and leaves the student’s work in the student’s download', async () => {
		const before = JSON.parse(
			(await request(cast.server, '/account/export', { token: as('student') })).body
		);
		const deleted = await deleteTeacher();
		expect(deleted).toMatchObject({ status: 303, location: '/?deleted=1' });

		const after = JSON.parse(
			(await request(cast.server, '/account/export', { token: as('student') })).body
		);
		const postIds = after.posts.map((p: { id: string }) => p.id);
		expect(postIds).toContain(cast.resources.classPost);
		expect(after.posts).toHaveLength(before.posts.length);
		expect(after.attempts.map((a: { id: string }) => a.id)).toContain(cast.resources.attempt);
		expect(after.classResults).toEqual(before.classResults);
		expect(after.classResults[0].classId).toBe(cast.resources.classA);
	});

	it('hands the class to the administrator, who sees it as archived and can restore it', async () => {
		const cls = await cast.handle.db.query.classes.findFirst({
			where: eq(classes.id, cast.resources.classA)
		});
		expect(cls?.teacherId).toBe(cast.people.admin.id);
		const list = await request(cast.server, '/classes', { token: as('admin') });
		expect(list.body).toMatch(
			/Class A<\/a>\s*(<!--[^>]*-->)?<span class="archived[^"]*">Archived<\/span>/
		);
		const restored = await request(cast.server, `${classPath()}?/restore`, {
			token: as('admin'),
			form: new URLSearchParams()
		});
		expect(restored).toMatchObject({ status: 303, location: `${classPath()}?notice=restored` });
	});
});
