// GET /api/v1/articles/<slug>/claims over HTTP, against one production server: the bundled article
// (published, its claims drawn by the server's own start-up) read by anyone; a teacher's draft
// (tests/fixtures/claims, with its hand-made claims file) read by those who may read it and the
// same 404 as a missing article for everyone else; removed and archived claims never listed; the
// answer in the documented shape.
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/lib/article/parse';
import { markKinds } from '../../src/lib/marks/claims';
import { courseClaims } from '../../src/lib/marks/course';
import { createApiToken } from '../../src/lib/server/api-tokens';
import { importArticle } from '../../src/lib/server/articles';
import { articles, sourceMarks } from '../../src/lib/server/db/schema';
import { openApiDocument } from '../../src/lib/server/openapi';
import { createCast, type Cast, type SubjectKey } from './support/cast';
import { REPO_ROOT, SEED_SLUG } from './support/database';
import { stopAllServers } from './support/server';

const fixture = (name: string) => readFileSync(`${REPO_ROOT}tests/fixtures/claims/${name}`, 'utf8');
const DRAFT_SLUG = 'the-pier-bell-of-vila-nova';
const claimsOf = (slug: string) => `/api/v1/articles/${slug}/claims`;

interface Passage {
	section: string;
	quote: string;
}
interface ClaimsBody {
	marks: (Passage & { kind: string; source: string | null; status: string })[];
	contradictions: { a: Passage; b: Passage; note: string; status: string }[];
}

let cast: Cast;
let ownerToken = '';
const db = () => cast.handle.db;

async function get(path: string, as: { subject?: SubjectKey; bearer?: string } = {}) {
	const headers: Record<string, string> = {};
	const session = as.subject ? cast.people[as.subject].token : null;
	if (session) headers.cookie = `lectern_session=${session}`;
	if (as.bearer !== undefined) headers.authorization = `Bearer ${as.bearer}`;
	const response = await fetch(cast.server.url + path, {
		headers,
		redirect: 'manual',
		signal: AbortSignal.timeout(30_000)
	});
	const text = await response.text();
	return { status: response.status, headers: response.headers, text };
}
const body = (r: { text: string }) => JSON.parse(r.text) as ClaimsBody;

beforeAll(async () => {
	cast = await createCast();
	const article = parseArticle(fixture('pier-bell.txt'));
	const claims = courseClaims(article, JSON.parse(fixture('pier-bell.claims.json')));
	const owner = cast.people.teacher.id!;
	await importArticle(db(), article, [], { ownerId: owner, claims });
	const created = await createApiToken(db(), owner, 'Claims');
	if (!created.ok) throw new Error(created.message);
	ownerToken = created.token;
}, 600_000);

afterAll(async () => {
	await cast?.close();
	await stopAllServers();
});

describe('GET /api/v1/articles/<slug>/claims', () => {
	it('answers anyone for a published article, in the documented shape', async () => {
		const response = await get(claimsOf(SEED_SLUG));
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('application/json');
		const { marks, contradictions } = body(response);
		expect(marks.length).toBeGreaterThan(10);
		const seed = await db().query.articles.findFirst({ where: eq(articles.slug, SEED_SLUG) });
		const slugs = (await db().query.sections.findMany()).flatMap((s) =>
			s.articleId === seed!.id ? [s.slug] : []
		);
		const schema = openApiDocument.components.schemas.ArticleClaims.properties;
		for (const mark of marks) {
			expect(Object.keys(mark).toSorted()).toEqual([...schema.marks.items.required].toSorted());
			expect(slugs).toContain(mark.section);
			expect(markKinds).toContain(mark.kind);
			expect(['suggested', 'confirmed']).toContain(mark.status);
		}
		for (const pair of contradictions) {
			expect(Object.keys(pair).toSorted()).toEqual(
				[...schema.contradictions.items.required].toSorted()
			);
			expect(Object.keys(pair.a).toSorted()).toEqual(['quote', 'section']);
			expect(slugs).toContain(pair.b.section);
		}
		// Signed in, the same answer.
		expect(body(await get(claimsOf(SEED_SLUG), { subject: 'student' }))).toEqual(body(response));
	});

	it('gives a draft to its owner (session or token) and admins, with its file’s claims confirmed', async () => {
		for (const as of [
			{ subject: 'teacher' as const },
			{ bearer: ownerToken },
			{ subject: 'admin' as const }
		]) {
			const response = await get(claimsOf(DRAFT_SLUG), as);
			expect(response.status, JSON.stringify(as)).toBe(200);
			expect(response.headers.get('cache-control')).toBe('private, no-store');
		}
		const { marks, contradictions } = body(await get(claimsOf(DRAFT_SLUG), { subject: 'teacher' }));
		expect(marks[0]).toEqual({
			section: 'introduction',
			quote: 'The bronze bell on the old pier weighs 900 kilograms, the harbour museum says.',
			kind: 'named',
			source: 'the harbour museum',
			status: 'confirmed'
		});
		expect(marks.some((m) => m.status === 'suggested')).toBe(true);
		expect(contradictions[0]).toEqual({
			a: { section: 'introduction', quote: 'weighs 900 kilograms' },
			b: { section: 'how-it-came-back', quote: 'which weighs 1200 kilograms' },
			note: 'The text gives the bell two different weights.',
			status: 'confirmed'
		});
	});

	it('answers a draft to strangers with the 404 of a missing article, and a bad token 401', async () => {
		const missing = await get(claimsOf('no-such-article'));
		expect(missing.status).toBe(404);
		for (const subject of ['anonymous', 'student', 'otherTeacher', 'moderator'] as const) {
			const response = await get(claimsOf(DRAFT_SLUG), { subject });
			expect(response.status, subject).toBe(404);
			expect(JSON.parse(response.text)).toEqual(JSON.parse(missing.text));
		}
		const bad = await get(claimsOf(SEED_SLUG), { bearer: 'lectern_not-a-token' });
		expect(bad.status).toBe(401);
		expect(typeof JSON.parse(bad.text).error).toBe('string');
	});

	it('never lists a removed or an archived mark', async () => {
		const before = body(await get(claimsOf(DRAFT_SLUG), { subject: 'teacher' })).marks;
		const [removed, archived] = before.slice(-2).map((m) => m.quote);
		await db()
			.update(sourceMarks)
			.set({ status: 'removed' })
			.where(eq(sourceMarks.quote, removed!));
		await db()
			.update(sourceMarks)
			.set({ archivedAt: new Date() })
			.where(eq(sourceMarks.quote, archived!));
		const after = body(await get(claimsOf(DRAFT_SLUG), { subject: 'teacher' })).marks;
		expect(after.map((m) => m.quote)).toEqual(before.slice(0, -2).map((m) => m.quote));
	});

	it('is in the OpenAPI document, readable without signing in', () => {
		const path = openApiDocument.paths['/articles/{slug}/claims'];
		expect(path.get.responses['200']).toBeDefined();
		expect(path.get.responses['404']).toBeDefined();
		expect(path.get.security).toContainEqual({});
	});
});
