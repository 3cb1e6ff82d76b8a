// Teachers bring their own article (issue 12): `/import` previews an article without storing
// anything, publishes it as the teacher's draft (what `npm run import` would store, owned), keeps
// the draft to its owner, their classes and admins, and refuses another person's title.
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db/client';
import {
	articles,
	assignments,
	prompts,
	questions,
	questionVersions,
	sectionProgress,
	sections,
	sourceMarks
} from '../../src/lib/server/db/schema';
import { createCast, type Cast } from './support/cast';
import { dumpTables, fixturePath, REPO_ROOT, tempDatabaseUrl, TSX } from './support/database';
import { PREPARE_TIMEOUT_MS, request } from './support/server';

const exec = promisify(execFile);
const FILE = fixturePath('prose-news-harbour-tram.txt');
const TEXT = readFileSync(FILE, 'utf8');
const SLUG = 'harbour-tram'; // checked below against what the importer says

describe('importing an article of one’s own at /import', () => {
	let cast: Cast;
	let slug: string;
	const as = (key: 'teacher' | 'otherTeacher' | 'admin' | 'student' | 'otherStudent') =>
		cast.people[key].token!;
	const post = (key: Parameters<typeof as>[0], action: string, fields: [string, string][]) =>
		request(cast.server, `/import?/${action}`, {
			token: as(key),
			form: new URLSearchParams(fields)
		});

	beforeAll(async () => {
		cast = await createCast();
	}, PREPARE_TIMEOUT_MS);
	afterAll(() => cast?.close());

	it('previews modules, questions and prompts, and stores nothing', async () => {
		const before = await dumpTables(cast.handle.client);
		const page = await post('teacher', 'preview', [['text', TEXT]]);
		expect(page.status).toBe(200);
		expect(page.body).toContain('What the import will do');
		expect(page.body).toMatch(/\d+ suggestions? for you to review/);
		// The source marks the rules draft (issue 13), counted as the import will store them.
		expect(page.body).toMatch(
			/[1-9]\d* source marks? and \d+ possible contradictions? suggested for you to review/
		);
		expect(page.body).toContain('name="text"');
		expect(await dumpTables(cast.handle.client)).toEqual(before);
	});

	it('names the line of a format error beside the field, and stores nothing', async () => {
		const before = await dumpTables(cast.handle.client);
		const page = await post('teacher', 'preview', [['text', 'A title\n\nNo table of contents.\n']]);
		expect(page.status).toBe(400);
		expect(page.body).toMatch(/line \d+: /);
		expect(await dumpTables(cast.handle.client)).toEqual(before);
	});

	it('publishes as the teacher’s draft: the bank as `npm run import` stores it, suggestions as drafts', async () => {
		const published = await post('teacher', 'publish', [['text', TEXT]]);
		expect(published.status).toBe(303);
		slug = new URL(published.location!, cast.server.url).searchParams.get('imported')!;
		expect(slug).toContain(SLUG);
		const { db } = cast.handle;
		const row = (await db.query.articles.findFirst({ where: eq(articles.slug, slug) }))!;
		expect(row).toMatchObject({ ownerId: cast.people.teacher.id, status: 'draft' });

		// The same file through the command line, into a database of its own.
		const other = tempDatabaseUrl();
		try {
			await exec(TSX, ['src/cli/import.ts', FILE], {
				cwd: REPO_ROOT,
				env: { ...process.env, DATABASE_URL: other.url }
			});
			const cli = await openDatabase(other.url);
			const content = async (handle: typeof cli) => {
				const a = (await handle.db.query.articles.findFirst({ where: eq(articles.slug, slug) }))!;
				const strip = <T extends { id?: string }>(rows: T[]) => rows.map(({ id: _, ...r }) => r);
				return {
					article: {
						title: a.title,
						sources: a.sources,
						warnings: a.warnings,
						hash: a.contentHash
					},
					sections: strip(
						await handle.db
							.select({
								id: sections.id,
								slug: sections.slug,
								title: sections.title,
								kind: sections.kind,
								position: sections.position,
								blocks: sections.blocks
							})
							.from(sections)
							.where(eq(sections.articleId, a.id))
							.orderBy(asc(sections.position))
					),
					prompts: strip(
						await handle.db
							.select({ id: prompts.id, number: prompts.number, text: prompts.text })
							.from(prompts)
							.where(eq(prompts.articleId, a.id))
							.orderBy(asc(prompts.number))
					),
					questions: (
						await handle.db
							.select({
								data: questions.data,
								status: questions.status,
								origin: questions.origin,
								version: questions.version,
								position: questions.position
							})
							.from(questions)
							.where(eq(questions.articleId, a.id))
							.orderBy(asc(questions.position))
					).map((q) => q),
					marks: await handle.db
						.select({
							quote: sourceMarks.quote,
							kind: sourceMarks.kind,
							source: sourceMarks.source,
							status: sourceMarks.status,
							origin: sourceMarks.origin,
							position: sourceMarks.position
						})
						.from(sourceMarks)
						.where(eq(sourceMarks.articleId, a.id))
						.orderBy(asc(sourceMarks.position))
				};
			};
			const cliContent = await content(cli);
			cli.client.close();
			const webContent = await content(cast.handle);
			expect(webContent).toEqual(cliContent);
			expect(webContent.questions.length).toBeGreaterThan(0);
			// Source marks: the rules' drafts, for a teacher to confirm (issue 13).
			expect(webContent.marks.length).toBeGreaterThan(0);
			expect(new Set(webContent.marks.map((m) => `${m.status} ${m.origin}`))).toEqual(
				new Set(['suggested rules'])
			);
			// An article without a bank has no question a learner sees until a teacher accepts one.
			expect(new Set(webContent.questions.map((q) => q.status))).toEqual(new Set(['suggested']));
			const versions = await db.select().from(questionVersions);
			expect(versions.filter((v) => v.questionId.startsWith(row.id)).length).toBe(
				webContent.questions.length
			);
		} finally {
			rmSync(other.dir, { recursive: true, force: true });
		}
	});

	it('keeps the draft to its owner and admins until it is assigned to a class', async () => {
		for (const key of ['teacher', 'admin'] as const) {
			expect((await request(cast.server, `/lessons/${slug}`, { token: as(key) })).status).toBe(200);
		}
		for (const key of ['otherTeacher', 'student', 'otherStudent'] as const) {
			expect((await request(cast.server, `/lessons/${slug}`, { token: as(key) })).status).toBe(404);
		}
		expect((await request(cast.server, `/lessons/${slug}`)).status).toBe(404);
		expect((await request(cast.server, '/')).body).not.toContain(`/lessons/${slug}`);
	});

	it('opens the draft to the class it is assigned to, and to no other', async () => {
		const article = (await cast.handle.db.query.articles.findFirst({
			where: eq(articles.slug, slug)
		}))!;
		// An assignment needs quiz questions: none is published until the teacher accepts some.
		const refused = await request(
			cast.server,
			`/classes/${cast.resources.classA}/assignments?/assign`,
			{ token: as('teacher'), form: new URLSearchParams([['articleSlug', slug]]) }
		);
		expect(refused.status).toBe(400);
		expect(refused.body).toContain('accept some of their suggested questions');
		await cast.handle.db
			.update(questions)
			.set({ status: 'published' })
			.where(eq(questions.articleId, article.id));
		const assigned = await request(
			cast.server,
			`/classes/${cast.resources.classA}/assignments?/assign`,
			{
				token: as('teacher'),
				form: new URLSearchParams([['articleSlug', slug]])
			}
		);
		expect(assigned.status).toBe(303);
		const row = (await cast.handle.db.query.articles.findFirst({
			where: eq(articles.slug, slug)
		}))!;
		expect(
			await cast.handle.db.select().from(assignments).where(eq(assignments.articleId, row.id))
		).toHaveLength(1);
		expect((await request(cast.server, `/lessons/${slug}`, { token: as('student') })).status).toBe(
			200
		);
		expect(
			(await request(cast.server, `/lessons/${slug}`, { token: as('otherStudent') })).status
		).toBe(404);
	});

	it('refuses another teacher an article with the same title, and changes nothing', async () => {
		const before = await dumpTables(cast.handle.client);
		const refused = await post('otherTeacher', 'publish', [
			['text', TEXT.replace('tram', 'tram line')]
		]);
		// The title (line 1) is unchanged, so the slug is the first teacher's.
		expect(refused.status).toBe(409);
		expect(refused.body).toContain('not yours to change');
		expect(await dumpTables(cast.handle.client)).toEqual(before);
	});

	it('shows what a re-import changes and how many learners it touches', async () => {
		const row = (await cast.handle.db.query.articles.findFirst({
			where: eq(articles.slug, slug)
		}))!;
		const lesson = (
			await cast.handle.db.query.sections.findMany({
				where: eq(sections.articleId, row.id),
				orderBy: asc(sections.position)
			})
		)[1]!;
		await cast.handle.db
			.insert(sectionProgress)
			.values({ userId: cast.people.student.id!, sectionId: lesson.id, readAt: new Date() });
		const firstParagraph = (lesson.blocks as { type: string; text?: string }[]).find(
			(b) => b.type === 'paragraph'
		)!.text!;
		const changed = TEXT.replace(firstParagraph, `${firstParagraph} One more sentence.`);
		const page = await post('teacher', 'preview', [['text', changed]]);
		expect(page.status).toBe(200);
		expect(page.body).toContain('updates the article you have');
		expect(page.body).toMatch(/<td data-label="Change">Changed<\/td>/);
		expect(page.body).toMatch(/1 learner\s+has progress or answers/);
	});
});
