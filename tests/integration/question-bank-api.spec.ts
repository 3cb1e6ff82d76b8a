// The question-bank API over HTTP, against one production server: an article a teacher owns,
// with suggestions, an archived question and an edited one set straight in the database. The
// JSON list in its documented shape; who gets it (the owner by session and by token, admins)
// and who gets the 404 a missing article gets; the GIFT and Moodle XML downloads, read back by
// independent parsers (gift-pegjs, fast-xml-parser) with the same questions and right answers.
// And the OpenAPI document names every /api/v1 endpoint on disk.
import { asc, eq, inArray } from 'drizzle-orm';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse, type GIFTQuestion } from 'gift-pegjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/lib/article/parse';
import { unzipSync, strFromU8 } from 'fflate';
import { ORDERING_NOTE, ordinal, qtiIdentifier } from '../../src/lib/quiz/export';
import type { Question } from '../../src/lib/quiz/schema';
import { articleQuestions } from '../../src/lib/quiz/select';
import { createApiToken, revokeApiToken } from '../../src/lib/server/api-tokens';
import { importArticle } from '../../src/lib/server/articles';
import { articles, questions, sections } from '../../src/lib/server/db/schema';
import { openApiDocument } from '../../src/lib/server/openapi';
import { seedBankJson } from '../fixtures/quiz/load';
import { createCast, type Cast, type SubjectKey } from './support/cast';
import { seedText } from './support/database';
import { enumerateRoutes } from './support/route-access';
import { stopAllServers } from './support/server';

const SLUG = 'bank-api-owned-article';
const TITLE = 'A teacher’s own article';
const BANK = `/api/v1/articles/${SLUG}/questions`;

let cast: Cast;
let articleId: string;
/** Every question of the article, as the database has them after the set-up, in bank order. */
let stored: { id: string; status: 'suggested' | 'published' | 'archived'; question: Question }[];
const tokens: Record<'owner' | 'otherTeacher' | 'revoked', string> = {
	owner: '',
	otherTeacher: '',
	revoked: ''
};

const db = () => cast.handle.db;
const id = (key: SubjectKey) => cast.people[key].id!;
const ofStatus = (...statuses: string[]) =>
	stored.filter((q) => statuses.includes(q.status)).map((q) => q.question);

async function newToken(userId: string): Promise<{ id: string; token: string }> {
	const created = await createApiToken(db(), userId, 'Bank export');
	if (!created.ok) throw new Error(created.message);
	return created;
}

/** A GET as a subject (session cookie), with a bearer token, or as nobody. */
async function get(
	path: string,
	as: { subject?: SubjectKey; bearer?: string } = {}
): Promise<{ status: number; headers: Headers; body: string }> {
	const headers: Record<string, string> = {};
	const session = as.subject ? cast.people[as.subject].token : null;
	if (session) headers.cookie = `lectern_session=${session}`;
	if (as.bearer !== undefined) headers.authorization = `Bearer ${as.bearer}`;
	const response = await fetch(cast.server.url + path, {
		headers,
		redirect: 'manual',
		signal: AbortSignal.timeout(30_000)
	});
	return { status: response.status, headers: response.headers, body: await response.text() };
}

beforeAll(async () => {
	cast = await createCast();
	// The seed article and its authored bank under a slug of its own: every question type.
	const article = { ...parseArticle(seedText()), slug: SLUG, title: TITLE };
	const bank = { ...(seedBankJson() as Record<string, unknown>), article: SLUG };
	articleId = (await importArticle(db(), article, articleQuestions(article, bank))).articleId;
	await db()
		.update(articles)
		.set({ ownerId: id('teacher'), status: 'draft' })
		.where(eq(articles.id, articleId));
	// The import keeps the tables' questions as suggestions; this set-up decides every status
	// itself, starting from all published.
	await db()
		.update(questions)
		.set({ status: 'published' })
		.where(eq(questions.articleId, articleId));

	const rows = await db()
		.select({ key: questions.id, data: questions.data })
		.from(questions)
		.where(eq(questions.articleId, articleId))
		.orderBy(asc(questions.position));
	// Suggestions: the first question of each type but one (every type keeps a published one,
	// and the suggestions span types); one published question archived; one edited (version 2).
	const firstOfType = new Map<string, string>();
	for (const r of rows) {
		const type = (r.data as Question).type;
		if (!firstOfType.has(type)) firstOfType.set(type, r.key);
	}
	const suggested = [...firstOfType.values()].slice(0, -1);
	const rest = rows.filter((r) => !suggested.includes(r.key));
	const [archived, edited] = [rest[rest.length - 1]!.key, rest[0]!.key];
	await db().update(questions).set({ status: 'suggested' }).where(inArray(questions.id, suggested));
	await db().update(questions).set({ archivedAt: new Date() }).where(eq(questions.id, archived));
	await db().update(questions).set({ version: 2 }).where(eq(questions.id, edited));
	stored = rows.map((r) => ({
		id: (r.data as Question).id,
		status: suggested.includes(r.key) ? 'suggested' : r.key === archived ? 'archived' : 'published',
		question: r.data as Question
	}));

	tokens.owner = (await newToken(id('teacher'))).token;
	tokens.otherTeacher = (await newToken(id('otherTeacher'))).token;
	// A token of the owner's, revoked the way /account revokes one.
	const revoked = await newToken(id('teacher'));
	expect(await revokeApiToken(db(), id('teacher'), revoked.id)).toBe(true);
	tokens.revoked = revoked.token;
}, 800_000);

afterAll(async () => {
	await cast?.close();
	await stopAllServers();
});

interface BankItem {
	id: string;
	section: string | null;
	type: string;
	status: string;
	prompt: string;
	version: number;
}

describe('GET /api/v1/articles/<slug>/questions', () => {
	it('lists every question with its section, type, status, prompt and version, in bank order', async () => {
		const response = await get(BANK, { subject: 'teacher' });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		expect(response.headers.get('cache-control')).toBe('private, no-store');
		const body = JSON.parse(response.body) as { questions: BankItem[] };
		expect(Object.keys(body)).toEqual(['questions']);

		const live = await db()
			.select({ id: sections.id, slug: sections.slug })
			.from(sections)
			.where(eq(sections.articleId, articleId));
		const slugOf = new Map(live.map((s) => [s.id, s.slug]));
		const rows = await db()
			.select({ sectionId: questions.sectionId, version: questions.version })
			.from(questions)
			.where(eq(questions.articleId, articleId))
			.orderBy(asc(questions.position));
		expect(body.questions).toEqual(
			stored.map((q, i) => ({
				id: q.id,
				section: slugOf.get(rows[i]!.sectionId!),
				type: q.question.type,
				status: q.status,
				prompt: q.question.text,
				version: rows[i]!.version
			}))
		);
		// What the set-up made is there to be seen: each status, an edited question, every type.
		const count = (status: string) => body.questions.filter((q) => q.status === status).length;
		expect(count('suggested')).toBe(6);
		expect(count('archived')).toBe(1);
		expect(count('published')).toBe(stored.length - 7);
		expect(body.questions.filter((q) => q.version === 2)).toHaveLength(1);
		expect(new Set(body.questions.map((q) => q.type)).size).toBe(7);
		for (const q of body.questions) expect(q.section).toEqual(expect.any(String));
		// No answer key, no evidence: the list says what a question asks, not its answer.
		expect(response.body).not.toContain('"answer"');
		expect(response.body).not.toContain('"evidence"');
	});
});

describe('who may read a bank', () => {
	const paths = [BANK, `${BANK}.gift`, `${BANK}.moodle.xml`];

	it('lets its owner in by session and by token, and an admin, with the same answer', async () => {
		for (const path of paths) {
			const bySession = await get(path, { subject: 'teacher' });
			const byToken = await get(path, { bearer: tokens.owner });
			const byAdmin = await get(path, { subject: 'admin' });
			expect([bySession.status, byToken.status, byAdmin.status], path).toEqual([200, 200, 200]);
			expect(byToken.body, path).toBe(bySession.body);
			expect(byAdmin.body, path).toBe(bySession.body);
		}
	});

	it('answers everyone else with the 404 a missing article gets, in the API’s JSON', async () => {
		const missing = await get('/api/v1/articles/no-such-article/questions', {
			subject: 'teacher'
		});
		expect(missing.status).toBe(404);
		const refusal = JSON.parse(missing.body) as { error: string };
		expect(refusal).toEqual({ error: expect.stringMatching(/\S/) });
		for (const path of paths) {
			for (const as of [
				{ subject: 'otherTeacher' as const },
				{ subject: 'student' as const },
				{ subject: 'moderator' as const },
				{},
				{ bearer: tokens.otherTeacher }
			]) {
				const response = await get(path, as);
				const who = `${path} as ${JSON.stringify(as)}`;
				expect(response.status, who).toBe(404);
				expect(response.headers.get('content-type'), who).toMatch(/^application\/json/);
				expect(JSON.parse(response.body), who).toEqual(refusal);
			}
		}
	});

	it('answers a revoked or malformed token with a 401, even beside the owner’s session', async () => {
		for (const path of paths) {
			for (const bearer of [tokens.revoked, 'lectern_not-a-token', '']) {
				const headers = new Headers({
					authorization: `Bearer ${bearer}`,
					cookie: `lectern_session=${cast.people.teacher.token}`
				});
				const response = await fetch(cast.server.url + path, { headers });
				const who = `${path} with "${bearer.slice(0, 12)}"`;
				expect(response.status, who).toBe(401);
				expect(response.headers.get('www-authenticate'), who).toBe('Bearer error="invalid_token"');
				expect(await response.json(), who).toEqual({ error: expect.stringMatching(/revoked/) });
			}
		}
	});

	it('refuses an unknown ?status= with a 400 for the owner, and a 404 before that for others', async () => {
		for (const path of [`${BANK}.gift`, `${BANK}.moodle.xml`]) {
			const owner = await get(`${path}?status=archived`, { subject: 'teacher' });
			expect(owner.status, path).toBe(400);
			expect(JSON.parse(owner.body), path).toEqual({ error: expect.stringMatching(/status/) });
			expect((await get(`${path}?status=archived`, { subject: 'otherTeacher' })).status).toBe(404);
		}
	});
});

/** gift-pegjs folds runs of spaces, as Moodle's HTML display does. */
const spaced = (text: string) => text.replace(/[ \t]{2,}/g, ' ');
const JOINER = '\u2060';
/** gift-pegjs leaves its placeholders in a matching pair's right-hand side: decode them. */
const decodePlaceholders = (text: string) =>
	text
		.replace(/&&010/g, '\n')
		.replace(
			/&&(\d{3});/g,
			(_, code: string) =>
				({ '092': '\\', '058': ':', '035': '#', '061': '=', '123': '{', '125': '}', '126': '~' })[
					code
				]!
		);

type GiftItem = Exclude<GIFTQuestion, { type: 'Category' | 'Description' | 'Essay' }>;

/** The right answers gift-pegjs reads, in the shape of the question's own key. */
function giftKey(g: GiftItem): unknown {
	switch (g.type) {
		case 'MC': {
			const right = g.choices.filter((c) => c.isCorrect || (c.weight ?? 0) > 0);
			return right.map((c) => c.text.text).sort();
		}
		case 'TF':
			return g.isTrue;
		case 'Matching':
			return g.matchPairs.map((m) => [
				m.subquestion.text.replaceAll(JOINER, ''),
				decodePlaceholders(m.subanswer)
			]);
		case 'Short':
			return g.choices.map((c) => c.text.text.replaceAll(JOINER, '').replaceAll('\\*', '*'));
		case 'Numerical':
			return g.choices;
	}
}

/** A question's right answers, as giftKey reads them back. */
function questionKey(q: Question): unknown {
	switch (q.type) {
		case 'single':
			return [spaced(q.answer)];
		case 'multiple':
			return q.answers.map(spaced).sort();
		case 'truefalse':
			return q.answer;
		case 'matching':
			return q.pairs.map((p) => [spaced(p.left), spaced(p.right)]);
		case 'ordering':
			return q.items.map((item, i) => [spaced(item), ordinal(i + 1)]);
		case 'short':
			return q.accepted.map(spaced);
		case 'numeric':
			return { type: 'range', number: q.answer, range: q.tolerance };
	}
}

describe('GET /api/v1/articles/<slug>/questions.gift', () => {
	const read = (text: string) =>
		parse(text).filter(
			(g): g is GiftItem => !['Category', 'Description', 'Essay'].includes(g.type)
		);

	it('downloads the published questions as <slug>.gift, read back with their right answers', async () => {
		const response = await get(`${BANK}.gift`, { bearer: tokens.owner });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
		expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${SLUG}.gift"`);
		const parsed = parse(response.body);
		expect(parsed[0]).toEqual({ type: 'Category', title: TITLE });
		const published = ofStatus('published');
		const gift = read(response.body);
		expect(gift).toHaveLength(published.length);
		expect(gift.map((g) => g.title)).toEqual(published.map((q) => q.id));
		gift.forEach((g, i) =>
			expect(giftKey(g), published[i]!.id).toEqual(questionKey(published[i]!))
		);
	});

	it('adds the suggestions with ?status=all, and never an archived question', async () => {
		const response = await get(`${BANK}.gift?status=all`, { subject: 'teacher' });
		expect(response.status).toBe(200);
		const offered = ofStatus('published', 'suggested');
		const gift = read(response.body);
		expect(gift.map((g) => g.title)).toEqual(offered.map((q) => q.id));
		gift.forEach((g, i) => expect(giftKey(g), offered[i]!.id).toEqual(questionKey(offered[i]!)));
		const archived = ofStatus('archived')[0]!;
		expect(response.body).not.toContain(`::${archived.id}::`);
		// The default is the published bank, said explicitly or not.
		const explicit = await get(`${BANK}.gift?status=published`, { subject: 'teacher' });
		const implicit = await get(`${BANK}.gift`, { subject: 'teacher' });
		expect(explicit.body).toBe(implicit.body);
	});
});

interface XmlQuestion {
	'@_type': string;
	name?: { text: string };
	answer?: { '@_fraction': string; text: string; tolerance?: string }[];
	subquestion?: unknown[];
}

/** The HTML of an answer's CDATA, back to the plain text it was made from. */
const htmlToPlain = (html: string) =>
	html
		.replace(/<br>/g, '\n')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&amp;/g, '&');

describe('GET /api/v1/articles/<slug>/questions.moodle.xml', () => {
	const parser = new XMLParser({
		ignoreAttributes: false,
		parseTagValue: false,
		trimValues: false,
		isArray: (name) => ['question', 'answer', 'subquestion'].includes(name)
	});
	const read = (xml: string) => {
		expect(XMLValidator.validate(xml)).toBe(true);
		return (parser.parse(xml) as { quiz: { question: XmlQuestion[] } }).quiz.question;
	};
	const names = (qs: Question[]) =>
		qs.map((q) => (q.type === 'ordering' ? `${q.id} (${ORDERING_NOTE})` : q.id));

	it('downloads the published questions as <slug>.moodle.xml, one element each', async () => {
		const response = await get(`${BANK}.moodle.xml`, { subject: 'teacher' });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
		expect(response.headers.get('content-disposition')).toBe(
			`attachment; filename="${SLUG}.moodle.xml"`
		);
		const [category, ...items] = read(response.body);
		expect(category!['@_type']).toBe('category');
		const published = ofStatus('published');
		expect(items).toHaveLength(published.length);
		expect(items.map((x) => x.name!.text)).toEqual(names(published));
		// The right answers by their credit: single and multiple by fraction, numeric with its
		// tolerance (matching and ordering are read back by the GIFT test and the unit specs).
		items.forEach((x, i) => {
			const q = published[i]!;
			const credited = (x.answer ?? [])
				.filter((a) => Number(a['@_fraction']) > 0)
				.map((a) => htmlToPlain(a.text));
			if (q.type === 'single') expect(credited, q.id).toEqual([q.answer]);
			if (q.type === 'multiple') expect(credited.toSorted(), q.id).toEqual(q.answers.toSorted());
			if (q.type === 'truefalse') expect(credited, q.id).toEqual([String(q.answer)]);
			if (q.type === 'numeric') {
				expect(credited.map(Number), q.id).toEqual([q.answer]);
				expect(Number(x.answer![0]!.tolerance), q.id).toBe(q.tolerance);
			}
		});
		const types = new Set(published.map((q) => q.type));
		for (const type of ['single', 'multiple', 'truefalse', 'numeric'] as const)
			expect(types, type).toContain(type);
	});

	it('adds the suggestions with ?status=all', async () => {
		const response = await get(`${BANK}.moodle.xml?status=all`, { bearer: tokens.owner });
		expect(response.status).toBe(200);
		const items = read(response.body).filter((x) => x['@_type'] !== 'category');
		expect(items.map((x) => x.name!.text)).toEqual(names(ofStatus('published', 'suggested')));
	});
});

describe('GET /api/v1/articles/<slug>/questions.qti.zip', () => {
	async function download(path: string, bearer: string) {
		const response = await fetch(cast.server.url + path, {
			headers: { authorization: `Bearer ${bearer}` },
			signal: AbortSignal.timeout(30_000)
		});
		const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
		return { response, files: new Map(Object.entries(files).map(([k, v]) => [k, strFromU8(v)])) };
	}
	const itemPath = (q: { id: string }) => `items/${qtiIdentifier(q.id)}.xml`;

	it('downloads a QTI 3.0 content package: its manifest and one well-formed item per published question', async () => {
		const { response, files } = await download(`${BANK}.qti.zip`, tokens.owner);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/zip');
		expect(response.headers.get('content-disposition')).toBe(
			`attachment; filename="${SLUG}.qti.zip"`
		);
		const published = ofStatus('published');
		expect([...files.keys()]).toEqual(['imsmanifest.xml', ...published.map(itemPath)]);
		const manifest = files.get('imsmanifest.xml')!;
		expect(XMLValidator.validate(manifest)).toBe(true);
		expect(manifest).toContain('xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"');
		expect(manifest).toContain(`identifier="lectern-${SLUG}"`);
		for (const q of published) {
			const xml = files.get(itemPath(q))!;
			expect(XMLValidator.validate(xml), q.id).toBe(true);
			expect(xml).toContain(
				'<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0"'
			);
			expect(xml).toContain(`identifier="${qtiIdentifier(q.id)}"`);
			expect(manifest).toContain(`href="${itemPath(q)}"`);
		}
	});

	it('adds the suggestions with ?status=all, never an archived question', async () => {
		const { files } = await download(`${BANK}.qti.zip?status=all`, tokens.owner);
		const offered = ofStatus('published', 'suggested');
		expect([...files.keys()]).toEqual(['imsmanifest.xml', ...offered.map(itemPath)]);
		expect(files.has(itemPath(ofStatus('archived')[0]!))).toBe(false);
	});
});

describe('the OpenAPI document', () => {
	it('describes every /api/v1 endpoint on disk, and no path that is not there', () => {
		const onDisk = enumerateRoutes()
			.filter((r) => r.kind === 'endpoint' && r.routeId.startsWith('/api/v1/'))
			.map((r) => {
				const path = r.routeId.slice('/api/v1'.length).replace(/\[([^\]]+)\]/g, '{$1}');
				return `${r.method.toLowerCase()} ${path}`;
			})
			.filter((key) => key !== 'get /openapi.json');
		const documented = Object.entries(openApiDocument.paths).flatMap(([path, item]) =>
			Object.keys(item).map((method) => `${method} ${path}`)
		);
		expect(documented.toSorted()).toEqual(onDisk.toSorted());
		expect(documented).toContain('get /articles/{slug}/questions.gift');
	});

	it('requires of a bank question exactly what the API answers', async () => {
		const response = await get(BANK, { subject: 'admin' });
		const [first] = (JSON.parse(response.body) as { questions: BankItem[] }).questions;
		const schema = openApiDocument.components.schemas.BankQuestion;
		expect(Object.keys(first!).toSorted()).toEqual([...schema.required].toSorted());
		expect(schema.properties.status.enum).toEqual(['suggested', 'published', 'archived']);
	});
});
