// Issue 13: confirmed claims feed the suggested questions. Once a mark is confirmed or two
// passages are linked, the questions drawn from them are stored as suggestions (never
// published), once: a second pass adds nothing, and a discarded one is not brought back.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { suggestFromConfirmedClaims } from '../../src/lib/server/claim-suggestions';
import { contradictions, sections, sourceMarks } from '../../src/lib/server/db/schema';
import { articles, questions } from '../../src/lib/server/db/schema';
import { importArticle } from '../../src/lib/server/articles';
import { parseArticle } from '../../src/lib/article/parse';
import { importedClaims } from '../../src/lib/marks/claims';
import { parseClaimsFile } from '../../src/lib/marks/course';
import { articleQuestions } from '../../src/lib/quiz/select';
import { CLAIM_ID_PREFIX } from '../../src/lib/suggest/claims';
import { importEditorArticle } from '../support/editor-article';
import { freshDatabase, type TestDatabase } from './support/database';

let db: TestDatabase;
let articleId: string;
const sectionId = new Map<string, string>();

beforeAll(async () => {
	db = await freshDatabase();
	({ articleId } = await importEditorArticle(db.db, null));
	for (const s of await db.db.select().from(sections).where(eq(sections.articleId, articleId)))
		sectionId.set(s.slug, s.id);
});
afterAll(() => db?.close());

const claimQuestions = async () =>
	(await db.db.select().from(questions).where(eq(questions.articleId, articleId))).filter((q) =>
		(q.data as { id: string }).id.startsWith(CLAIM_ID_PREFIX)
	);

function mark(section: string, quote: string, extra: Partial<typeof sourceMarks.$inferInsert>) {
	return {
		id: randomUUID(),
		articleId,
		sectionId: sectionId.get(section)!,
		quote,
		kind: 'none' as const,
		status: 'confirmed' as const,
		origin: 'person' as const,
		...extra
	};
}

describe('suggestions from confirmed claims', () => {
	it('draws nothing from drafts: only confirmed claims count', async () => {
		const [first] = [...sectionId.keys()];
		await db.db.insert(sourceMarks).values(
			mark(
				first!,
				'The tower stands 38 metres tall and its beam can be seen 22 nautical miles out to sea, according to the national maritime agency.',
				{
					kind: 'named',
					source: 'the national maritime agency',
					status: 'suggested',
					origin: 'rules'
				}
			)
		);
		expect(await suggestFromConfirmedClaims(db.db, articleId)).toBe(0);
		expect(await claimQuestions()).toHaveLength(0);
	});

	it('stores a confirmed mark’s and a confirmed contradiction’s questions as suggestions, once', async () => {
		const [first, , restoration] = [...sectionId.keys()];
		await db.db.update(sourceMarks).set({ status: 'confirmed' });
		await db.db
			.insert(sourceMarks)
			.values(
				mark(
					restoration!,
					'Engineers replaced the lantern glass and repaired cracks in the stonework.',
					{}
				)
			);
		await db.db.insert(contradictions).values({
			id: randomUUID(),
			articleId,
			aSectionId: sectionId.get(first!)!,
			aQuote: 'first lit in 1872',
			aLabel: 'first lit in 1872',
			bSectionId: sectionId.get(restoration!)!,
			bQuote: 'Work began in 2021 with the stonework',
			bLabel: 'work began in 2021',
			subject: 'when the work on the lighthouse began',
			note: 'Two different years.',
			status: 'confirmed',
			origin: 'person'
		});
		const added = await suggestFromConfirmedClaims(db.db, articleId);
		const stored = await claimQuestions();
		expect(added).toBeGreaterThanOrEqual(2);
		expect(stored).toHaveLength(added);
		expect(stored.every((q) => q.status === 'suggested' && q.origin === 'suggested')).toBe(true);
		expect(stored.map((q) => (q.data as { text: string }).text).join('\n')).toMatch(
			/Which source does the article give/
		);
		expect(stored.some((q) => (q.data as { type: string }).type === 'multiple')).toBe(true);
		expect(await suggestFromConfirmedClaims(db.db, articleId)).toBe(0);
	});

	it('does not bring back a suggestion a teacher discarded', async () => {
		const [one] = await claimQuestions();
		await db.db.update(questions).set({ archivedAt: new Date() }).where(eq(questions.id, one!.id));
		expect(await suggestFromConfirmedClaims(db.db, articleId)).toBe(0);
		const again = (await claimQuestions()).find((q) => q.id === one!.id);
		expect(again?.archivedAt).not.toBeNull();
	});
});

describe('questions from confirmed claims at import', () => {
	const fixture = (name: string) =>
		readFileSync(new URL(`../fixtures/claims/${name}`, import.meta.url), 'utf8');

	it('a claims file brings its questions as suggestions, and a re-import keeps them', async () => {
		const text = fixture('pier-bell.txt');
		const file = JSON.parse(fixture('pier-bell.claims.json'));
		const article = parseArticle(text);
		const claims = importedClaims(
			{ marks: [], contradictions: [] },
			parseClaimsFile(article, file)
		);
		const { articleId: id } = await importArticle(db.db, article, articleQuestions(article), {
			claims
		});
		const fromClaims = async () =>
			(await db.db.select().from(questions).where(eq(questions.articleId, id))).filter((q) =>
				(q.data as { id: string }).id.startsWith(CLAIM_ID_PREFIX)
			);
		const first = await fromClaims();
		expect(first.length).toBeGreaterThanOrEqual(2);
		expect(first.every((q) => q.status === 'suggested' && q.archivedAt === null)).toBe(true);
		// A changed text elsewhere: the claims' passages stand, so their questions stay.
		const edited = parseArticle(text.replace(/\n*$/, ' It is rung once a year.\n'));
		const again = await importArticle(db.db, edited, articleQuestions(edited), { claims });
		expect(again.outcome).toBe('updated');
		const after = await fromClaims();
		expect(after.map((q) => q.id).sort()).toEqual(first.map((q) => q.id).sort());
		expect(after.every((q) => q.archivedAt === null)).toBe(true);
	});

	it('a question drawn from a mark an editor confirmed survives a re-import of the article', async () => {
		const before = await claimQuestions();
		const live = before.filter((q) => q.archivedAt === null);
		expect(live.length).toBeGreaterThan(0);
		const text = readFileSync(
			new URL('../fixtures/articles/editor-lighthouse.txt', import.meta.url),
			'utf8'
		);
		const slug = (await db.db.query.articles.findFirst({ where: eq(articles.id, articleId) }))!
			.slug;
		const edited = {
			...parseArticle(text.replace(/\n*$/, ' The gardens are open daily.\n')),
			slug
		};
		const result = await importArticle(db.db, edited, articleQuestions(edited));
		expect(result.outcome).toBe('updated');
		const after = (await claimQuestions()).filter((q) => q.archivedAt === null);
		expect(after.map((q) => q.id).sort()).toEqual(live.map((q) => q.id).sort());
	});
});
