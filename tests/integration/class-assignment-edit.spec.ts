// Editing an assignment over HTTP (issue 11): its teacher changes the due date, the modules, the
// pass mark and the quiz's limits on the assignment's own page; a refused form comes back with
// the message beside the field; nobody else reaches the page or its form, and an archived class
// is read-only.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignments, classes, sections } from '../../src/lib/server/db/schema';
import { quizPoolSize } from '../../src/lib/server/quiz';
import { createCast, type Cast } from './support/cast';
import { PREPARE_TIMEOUT_MS, request } from './support/server';

describe('an assignment its teacher edits', () => {
	let cast: Cast;
	/** A lesson module of the article with quiz questions: its id and slug. */
	let module: { id: string; slug: string };
	const path = () => `/classes/${cast.resources.classA}/assignments/${cast.resources.assignmentA}`;
	const save = (key: 'teacher' | 'student' | 'otherTeacher', fields: [string, string][]) =>
		request(cast.server, `${path()}?/save`, {
			token: cast.people[key].token!,
			form: new URLSearchParams(fields)
		});
	const stored = async () =>
		(await cast.handle.db.query.assignments.findFirst({
			where: eq(assignments.id, cast.resources.assignmentA)
		}))!;

	beforeAll(async () => {
		cast = await createCast();
		const { db } = cast.handle;
		const lessons = await db
			.select({ id: sections.id, slug: sections.slug })
			.from(sections)
			.where(
				and(
					eq(sections.articleId, cast.resources.article.id),
					eq(sections.kind, 'lesson'),
					isNull(sections.archivedAt)
				)
			)
			.orderBy(asc(sections.position));
		for (const lesson of lessons) {
			if ((await quizPoolSize(db, cast.resources.article.id, [lesson.id])) > 1) {
				module = lesson;
				break;
			}
		}
		expect(module).toBeDefined();
	}, PREPARE_TIMEOUT_MS);
	afterAll(() => cast?.close());

	it('starts its form from the assignment as it stands', async () => {
		const page = await request(cast.server, path(), { token: cast.people.teacher.token! });
		expect(page.status).toBe(200);
		expect(page.body).toContain('action="?/save"');
		expect(page.body).toMatch(/name="passMark"[^>]*value="70"|value="70"[^>]*name="passMark"/);
	});

	it('saves a new due date, modules, pass mark and quiz limits', async () => {
		const saved = await save('teacher', [
			['sectionSlugs', module.slug],
			['dueAt', '2030-01-31T17:00'],
			['requireQuiz', 'on'],
			['passMark', '75'],
			['quizQuestionCount', '2'],
			['maxAttempts', '3'],
			['requireResponse', 'on']
		]);
		expect(saved).toMatchObject({
			status: 303,
			location: `/classes/${cast.resources.classA}/assignments?notice=edited`
		});
		const row = await stored();
		expect(row).toMatchObject({
			sectionIds: [module.id],
			quizSectionIds: null,
			requireQuiz: true,
			passMark: 75,
			quizQuestionCount: 2,
			maxAttempts: 3,
			requireResponse: true
		});
		// The class's zone is UTC: the wall-clock time is the instant.
		expect(row.dueAt?.toISOString()).toBe('2030-01-31T17:00:00.000Z');
		// The article stays the one assigned.
		expect(row.articleId).toBe(cast.resources.article.id);

		const page = await request(cast.server, path(), { token: cast.people.teacher.token! });
		expect(page.body).toContain('value="2030-01-31T17:00"');
	});

	it('sends a refused form back with the message beside the field and changes nothing', async () => {
		const before = await stored();
		const refused = await save('teacher', [
			['sectionSlugs', module.slug],
			['passMark', '150']
		]);
		expect(refused.status).toBe(400);
		expect(refused.body).toContain('The pass mark must be a whole number from 0 to 100');
		expect(refused.body).toMatch(/value="150"/);
		expect(await stored()).toEqual(before);
	});

	it('answers a student, another teacher and another class’s assignment with a 404', async () => {
		const form: [string, string][] = [['passMark', '10']];
		expect((await save('student', form)).status).toBe(404);
		expect((await save('otherTeacher', form)).status).toBe(404);
		const classB = await cast.handle.db.query.assignments.findFirst({
			where: eq(assignments.classId, cast.resources.classB)
		});
		const elsewhere = await request(
			cast.server,
			`/classes/${cast.resources.classA}/assignments/${classB!.id}?/save`,
			{ token: cast.people.teacher.token!, form: new URLSearchParams(form) }
		);
		expect(elsewhere.status).toBe(404);
		expect((await stored()).passMark).not.toBe(10);
	});

	it('is read-only once the class is archived', async () => {
		await cast.handle.db
			.update(classes)
			.set({ archivedAt: new Date() })
			.where(eq(classes.id, cast.resources.classA));
		const refused = await save('teacher', [['passMark', '10']]);
		expect(refused.status).toBe(409);
		expect(refused.body).toMatch(/role="alert"[^>]*>\s*This class is archived/);
		expect((await stored()).passMark).not.toBe(10);
	});
});
