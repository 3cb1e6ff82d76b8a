// Signed-in module pages from memory (issue 14). What a module page costs the database: the
// hook's session lookup and the route's loads (the article layout's and the page's, side by
// side and sharing the request, as SvelteKit runs them) on the app's own handle, with every
// statement counted at the client. And what the memory must never do: show stale content after
// an edit, one learner's state to another, or a draft to someone who may not read it.
import { randomUUID } from 'node:crypto';
import type { Client } from '@libsql/client';
import { isHttpError } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/lib/article/parse';
import type { Block } from '../../src/lib/article/types';
import type { ModuleMarkup } from '../../src/lib/marks/render';
import { setArticleStatus } from '../../src/lib/server/admin';
import {
	ArticleContentCache,
	articleContents,
	contentStampSql,
	readArticleContent
} from '../../src/lib/server/article-cache';
import { importArticle } from '../../src/lib/server/articles';
import { addMark } from '../../src/lib/server/claims-editor';
import { createClass, joinClass } from '../../src/lib/server/classroom';
import { markSectionRead } from '../../src/lib/server/progress';
import { acceptQuestion, archiveQuestion } from '../../src/lib/server/question-editor';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/session';
import { connect } from '../../src/lib/server/db';
import type { DatabaseHandle } from '../../src/lib/server/db/client';
import { applyMigrations } from '../../src/lib/server/db/migrate';
import { articles as articlesTable, assignments, users } from '../../src/lib/server/db/schema';
import { load as layoutLoad } from '../../src/routes/lessons/[article]/+layout.server';
import { load as overviewLoad } from '../../src/routes/lessons/[article]/+page.server';
import { load as moduleLoad } from '../../src/routes/lessons/[article]/[section]/+page.server';
import { SEED_SLUG, seedText, tempDatabaseUrl } from './support/database';
import { measuredHandle, queryPlan } from './support/statement-cost';

let handle: DatabaseHandle;
const sent: string[] = [];

/**
 * Counts what goes through the client from now on: each statement, batch and transaction. The
 * app's client is a proxy that queues writes (serializeWrites) and calls the method it finds on
 * the raw client with `this` the raw client: the counter calls the class's own method from there.
 */
function countStatements(client: Client) {
	const raw = Object.getPrototypeOf(client) as Client;
	const counted = <K extends 'execute' | 'batch' | 'transaction'>(
		name: K,
		describe: (first: unknown) => string
	) =>
		function (this: Client, first: unknown, ...rest: unknown[]) {
			sent.push(describe(first));
			return (raw[name] as (...a: unknown[]) => unknown).call(this, first, ...rest);
		} as unknown as Client[K];
	client.execute = counted('execute', (s) =>
		typeof s === 'string' ? s : (s as { sql: string }).sql
	);
	client.batch = counted('batch', (s) => `batch of ${(s as unknown[]).length}`);
	client.transaction = counted('transaction', (mode) => `transaction ${String(mode)}`);
}

type PageData = Record<string, unknown>;

/** One GET of a page under /lessons/[article] by the holder of `token` (null: nobody). */
async function view(
	page: 'module' | 'overview',
	token: string | null,
	article: string,
	section = ''
): Promise<PageData & { layout: PageData }> {
	const { user } = token ? await validateSessionToken(handle.db, token) : { user: null };
	const locals = { user, session: null } as App.Locals;
	const params = { article, section };
	const url = new URL(`http://localhost/lessons/${article}/${section}`);
	const request = new Request(url);
	const layout = Promise.resolve(
		layoutLoad({ params, locals, request } as never)
	) as Promise<PageData>;
	layout.catch(() => {});
	const event = {
		params,
		locals,
		url,
		request,
		cookies: { get: () => undefined },
		parent: () => layout
	};
	const data = (await (page === 'module' ? moduleLoad : overviewLoad)(event as never)) as PageData;
	return { ...data, layout: await layout };
}

/** The status a load refused with (404 for a draft), or 200. */
async function statusOf(work: Promise<unknown>): Promise<number> {
	try {
		await work;
		return 200;
	} catch (cause) {
		if (isHttpError(cause)) return cause.status;
		throw cause;
	}
}

async function signIn(displayName: string, role: 'learner' | 'teacher' | 'admin' = 'learner') {
	const id = randomUUID();
	await handle.db.insert(users).values({ id, displayName, role });
	const token = (await createSession(handle.db, id)).token;
	return { id, token, displayName, viewer: { id, role, isGuest: false } };
}

let sections: { id: string; slug: string; kind: string }[];
let articleId: string;
beforeAll(async () => {
	process.env.DATABASE_URL = tempDatabaseUrl().url;
	handle = await connect();
	await applyMigrations(handle.client);
	articleId = (await importArticle(handle.db, parseArticle(seedText()))).articleId;
	sections = await handle.db.query.sections.findMany({
		where: (s, { eq }) => eq(s.articleId, articleId),
		orderBy: (s, { asc }) => asc(s.position)
	});
	countStatements(handle.client);
}, 60_000);
afterAll(() => handle?.client.close());

describe('a signed-in module page', () => {
	it('costs two statements once the article is in memory: the session, and the reader’s own state', async () => {
		const ada = await signIn('Ada');
		for (const s of sections) {
			await view('module', ada.token, SEED_SLUG, s.slug);
			sent.length = 0;
			const page = await view('module', ada.token, SEED_SLUG, s.slug);
			expect(page.blocks).toBeDefined();
			expect(sent, sent.join('\n')).toHaveLength(2);
			expect(sent[0]).toMatch(/from "sessions"/);
			expect(sent[1]).toMatch(/from "articles" where "articles"."slug" = \?/);
		}
		// Every table is read by an index; `assignments` alone is scanned, and only for a draft
		// (who may read it through a class), as `classRelation` in articles.ts reads it.
		// (On a handle of its own: an EXPLAIN left open on the app's pool holds an old snapshot.)
		const other = measuredHandle(handle.url);
		const plan = await queryPlan(other.client, sent[1]!);
		other.client.close();
		const scans = plan.filter((line) => /^SCAN (?!\(subquery)/.test(line));
		expect(scans, plan.join('\n')).toEqual(['SCAN assignments']);
		// The article's own stamps and question counts, the same for every reader, come from
		// indexes alone: no row of the bank or the claims is read for them.
		for (const table of ['questions', 'source_marks', 'contradictions']) {
			const reads = plan.filter((line) => new RegExp(`^SEARCH ${table} `).test(line));
			expect(reads.length, plan.join('\n')).toBeGreaterThan(0);
			expect(
				reads.filter((line) => !line.includes('USING COVERING INDEX')),
				plan.join('\n')
			).toEqual([]);
		}
		// The overview page: the quiz history is its one more statement.
		sent.length = 0;
		await view('overview', ada.token, SEED_SLUG);
		expect(sent, sent.join('\n')).toHaveLength(3);
	});

	it('reads the article once for everyone, not once per reader', async () => {
		const [bea, cy] = [await signIn('Bea'), await signIn('Cy')];
		const slug = sections[1]!.slug;
		await view('module', bea.token, SEED_SLUG, slug);
		const reads = articleContents.reads;
		await view('module', cy.token, SEED_SLUG, slug);
		await view('module', null, SEED_SLUG, slug);
		expect(articleContents.reads).toBe(reads);
	});

	it('shows one learner their own progress and class, and another neither', async () => {
		const [dee, eli, teacher] = [
			await signIn('Dee'),
			await signIn('Eli'),
			await signIn('Mx T', 'teacher')
		];
		const classId = await createClass(handle.db, teacher.id, { name: 'Form 3B' } as never);
		await joinClass(handle.db, classId, dee.id);
		await handle.db.insert(assignments).values({ id: randomUUID(), classId, articleId });
		await markSectionRead(handle.db, dee.id, sections[0]!.id);
		const last = sections.at(-1)!.slug;
		const forDee = await view('module', dee.token, SEED_SLUG, last);
		const forEli = await view('module', eli.token, SEED_SLUG, last);
		expect(forDee.layout.read).toEqual([sections[0]!.id]);
		expect(forDee.className).toBe('Form 3B');
		expect(forEli.layout.read).toEqual([]);
		expect(forEli.className).toBeNull();
		expect(JSON.stringify(forEli)).not.toContain(classId);
		// Dee's state changes at once: the progress is read with every view, never kept.
		await markSectionRead(handle.db, dee.id, sections[1]!.id);
		expect((await view('module', dee.token, SEED_SLUG, last)).layout.read).toEqual(
			expect.arrayContaining([sections[0]!.id, sections[1]!.id])
		);
		expect((await view('module', eli.token, SEED_SLUG, last)).layout.read).toEqual([]);
	});
});

describe('the article in memory', () => {
	it('shows a re-import at once', async () => {
		const reader = await signIn('Fay');
		const lesson = sections.find((s) => s.kind === 'lesson')!;
		const before = await view('module', reader.token, SEED_SLUG, lesson.slug);
		const edited = parseArticle(seedText());
		const section = edited.sections.find((s) => s.slug === lesson.slug)!;
		const paragraph = section.blocks.find((b) => b.type === 'paragraph')!;
		paragraph.text = `${paragraph.text} An editor’s fresh sentence.`;
		expect((await importArticle(handle.db, edited)).outcome).toBe('updated');
		const after = await view('module', reader.token, SEED_SLUG, lesson.slug);
		expect(JSON.stringify(before.blocks)).not.toContain('An editor’s fresh sentence.');
		expect(JSON.stringify(after.blocks)).toContain('An editor’s fresh sentence.');
	});

	it('shows a claim an editor adds at once', async () => {
		const [reader, admin] = [await signIn('Gus'), await signIn('Admin', 'admin')];
		const lesson = sections.find((s) => s.kind === 'lesson')!;
		const page = await view('module', reader.token, SEED_SLUG, lesson.slug);
		const paragraph = (page.blocks as Block[]).find((b) => b.type === 'paragraph')!;
		const quote = paragraph.text.split(' ').slice(0, 6).join(' ');
		const labelsBefore = Object.keys((page.claims as ModuleMarkup).labels);
		const added = await addMark(handle.db, admin.viewer, SEED_SLUG, lesson.slug, {
			kind: 'named',
			source: 'the archive',
			speaker: null,
			note: 'Credited in the next sentence.',
			provenance: true,
			quote
		});
		expect(added).toEqual({ ok: true });
		const after = await view('module', reader.token, SEED_SLUG, lesson.slug);
		expect(Object.keys((after.claims as ModuleMarkup).labels)).toHaveLength(
			labelsBefore.length + 1
		);
		expect(JSON.stringify((await view('overview', reader.token, SEED_SLUG)).provenance)).toContain(
			quote
		);
	});

	it('counts a module’s quiz questions as they are now', async () => {
		const [reader, admin] = [await signIn('Hal'), await signIn('Admin 2', 'admin')];
		const rows = await handle.db.query.questions.findMany({
			where: (q, { and, eq, isNull }) => and(eq(q.articleId, articleId), isNull(q.archivedAt))
		});
		const question = rows.find((q) => q.sectionId && q.status === 'suggested');
		expect(question, rows.map((q) => `${q.status} ${q.sectionId}`).join(', ')).toBeDefined();
		const section = sections.find((s) => s.id === question!.sectionId)!;
		const count = async () =>
			(await view('module', reader.token, SEED_SLUG, section.slug)).quizCount as number;
		const before = await count();
		const id = (question!.data as { id: string }).id;
		expect(await acceptQuestion(handle.db, admin.viewer, SEED_SLUG, id)).toEqual({ ok: true });
		expect(await count()).toBe(before + 1);
		expect(await archiveQuestion(handle.db, admin.viewer, SEED_SLUG, id)).toEqual({ ok: true });
		expect(await count()).toBe(before);
	});
});

describe('the article content cache', () => {
	it('keeps no content read while an edit landed, and at most its bound of articles', async () => {
		const edited = parseArticle(seedText());
		edited.title = `${edited.title}, edited while read`;
		// A read that an import overtakes: the stamp it was asked for is gone once it returns.
		const cache = new ArticleContentCache(1, async (db, id, stamp) => {
			const content = await readArticleContent(db, id, stamp);
			await importArticle(handle.db, edited);
			return content;
		});
		const stamp = (await handle.db.get<{ s: string }>(
			sql`select ${contentStampSql()} as s from ${articlesTable} where id = ${articleId}`
		))!.s;
		expect(await cache.get(handle.db, articleId, stamp)).toBeDefined();
		expect(cache.size).toBe(0);
		const fresh = (await handle.db.get<{ s: string }>(
			sql`select ${contentStampSql()} as s from ${articlesTable} where id = ${articleId}`
		))!.s;
		const plain = new ArticleContentCache(1);
		expect((await plain.get(handle.db, articleId, fresh))!.article.title).toBe(edited.title);
		expect(plain.size).toBe(1);
		const other = await importArticle(handle.db, { ...edited, slug: 'another-article' });
		const otherStamp = (await handle.db.get<{ s: string }>(
			sql`select ${contentStampSql()} as s from ${articlesTable} where id = ${other.articleId}`
		))!.s;
		await plain.get(handle.db, other.articleId, otherStamp);
		expect(plain.size).toBe(1);
		expect(plain.reads).toBe(2);
	});
});

describe('a draft', () => {
	it('is read by its owner and a student of a class it is assigned to, by nobody else, cached or not', async () => {
		const [owner, student, stranger, admin] = [
			await signIn('Owner', 'teacher'),
			await signIn('Student'),
			await signIn('Stranger'),
			await signIn('Admin 3', 'admin')
		];
		const draft = parseArticle(seedText().replace(/^.*$/m, (title) => `${title} (draft)`));
		draft.slug = 'a-private-draft';
		const { articleId: draftId } = await importArticle(handle.db, draft, undefined, {
			ownerId: owner.id
		});
		const first = draft.sections[0]!.slug;
		// The owner's view puts the draft in memory first: memory must not open it to others.
		expect(await statusOf(view('module', owner.token, draft.slug, first))).toBe(200);
		expect(await statusOf(view('module', stranger.token, draft.slug, first))).toBe(404);
		expect(await statusOf(view('module', null, draft.slug, first))).toBe(404);
		expect(await statusOf(view('overview', stranger.token, draft.slug))).toBe(404);
		// …as an article that does not exist answers.
		expect(await statusOf(view('module', stranger.token, 'no-such-article', first))).toBe(404);
		expect(await statusOf(view('overview', null, 'no-such-article'))).toBe(404);
		expect(await statusOf(view('module', student.token, draft.slug, first))).toBe(404);
		const classId = await createClass(handle.db, owner.id, { name: 'Drafts' } as never);
		await joinClass(handle.db, classId, student.id);
		await handle.db.insert(assignments).values({ id: randomUUID(), classId, articleId: draftId });
		expect(await statusOf(view('module', student.token, draft.slug, first))).toBe(200);
		expect(await statusOf(view('module', stranger.token, draft.slug, first))).toBe(404);
		// Published, then unpublished: everyone, then the few again, at once.
		expect(await setArticleStatus(handle.db, admin, draftId, 'published')).toEqual({ ok: true });
		expect(await statusOf(view('module', stranger.token, draft.slug, first))).toBe(200);
		expect(await setArticleStatus(handle.db, admin, draftId, 'draft')).toEqual({ ok: true });
		expect(await statusOf(view('module', stranger.token, draft.slug, first))).toBe(404);
		expect(await statusOf(view('module', null, draft.slug, first))).toBe(404);
	});
});
