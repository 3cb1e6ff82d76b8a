// Start-up imports the bundled articles in every process at every start: the prose suggestions
// and the marks' drafts (seconds of NLP per article) are drawn only when the article, its bank,
// its claims file or the rules changed, and the NLP is loaded at all only when the files or the
// build differ from the last check (the article's source key).
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../src/lib/server/startup';
import { suggestQuestions, type Suggestion } from '../../src/lib/suggest';
import type { Article } from '../../src/lib/article/types';
import type { ImportedClaims } from '../../src/lib/marks/claims';
import { courseClaims } from '../../src/lib/marks/course';
import { parseArticle } from '../../src/lib/article/parse';
import { articleQuestions } from '../../src/lib/quiz/select';
import { importArticle } from '../../src/lib/server/articles';
import {
	count,
	freshDatabase,
	REPO_ROOT,
	SEED_FILE,
	SEED_SLUG,
	type TestDatabase
} from './support/database';

const bundled = [
	{
		file: 'seed.txt',
		text: readFileSync(SEED_FILE, 'utf8'),
		bank: readFileSync(SEED_FILE.replace(/\.txt$/, '.quiz.json'), 'utf8')
	}
];

describe('importing the bundled articles at start-up', () => {
	let t: TestDatabase;
	beforeEach(async () => {
		t = await freshDatabase();
	});
	afterEach(() => t.close());

	it('draws suggestions and marks for a new article, and not again while it is unchanged', async () => {
		const drawn: string[] = [];
		const counting = (article: Article): Suggestion[] => {
			drawn.push(article.slug);
			return suggestQuestions(article);
		};
		const marked: string[] = [];
		const marking = (article: Article, file?: unknown): ImportedClaims => {
			marked.push(article.slug);
			return courseClaims(article, file);
		};
		const logs: string[] = [];
		await prepareDatabase(t, bundled, {
			log: (line) => logs.push(line),
			suggest: counting,
			drawClaims: marking
		});
		expect(drawn).toHaveLength(1);
		expect(marked).toHaveLength(1);
		expect(await count(t.client, 'SELECT count(*) FROM source_marks')).toBeGreaterThan(10);
		const suggested = await count(
			t.client,
			"SELECT count(*) FROM questions WHERE origin = 'suggested' AND status = 'suggested'"
		);
		expect(suggested).toBeGreaterThan(10);

		const before = await count(t.client, 'SELECT count(*) FROM question_versions');
		await prepareDatabase(t, bundled, {
			log: (line) => logs.push(line),
			suggest: counting,
			drawClaims: marking
		});
		expect(drawn).toHaveLength(1);
		expect(marked).toHaveLength(1);
		expect(await count(t.client, 'SELECT count(*) FROM question_versions')).toBe(before);
		expect(logs.filter((l) => l.includes('article'))).toHaveLength(1);
	});

	it('imports again, suggestions and all, when the article changes', async () => {
		await prepareDatabase(t, bundled, { log: () => {} });
		const drawn: string[] = [];
		const changed = [
			{ ...bundled[0]!, text: bundled[0]!.text.replace('Newly released', 'Recently released') }
		];
		await prepareDatabase(t, changed, {
			log: () => {},
			suggest: (article) => {
				drawn.push(article.slug);
				return suggestQuestions(article);
			}
		});
		expect(drawn).toHaveLength(1);
	});

	const sourceKey = async () =>
		(
			await t.client.execute({
				sql: 'SELECT source_key FROM articles WHERE slug = ?',
				args: [SEED_SLUG]
			})
		).rows[0]?.source_key;

	it('checks an unchanged article again when the build changes, drawing nothing, once per build', async () => {
		await prepareDatabase(t, bundled, { log: () => {}, build: 'one' });
		const first = await sourceKey();
		expect(first).toMatch(/^[0-9a-f]{64}$/);
		const drawn: string[] = [];
		const counting = (article: Article): Suggestion[] => {
			drawn.push(article.slug);
			return suggestQuestions(article);
		};
		const versions = await count(t.client, 'SELECT count(*) FROM question_versions');
		await prepareDatabase(t, bundled, { log: () => {}, build: 'two', suggest: counting });
		const second = await sourceKey();
		expect(second).toMatch(/^[0-9a-f]{64}$/);
		expect(second).not.toBe(first);
		expect(drawn).toEqual([]);
		expect(await count(t.client, 'SELECT count(*) FROM question_versions')).toBe(versions);
		await prepareDatabase(t, bundled, { log: () => {}, build: 'two', suggest: counting });
		expect(await sourceKey()).toBe(second);
	});

	it('puts the bundled files back at the next start after someone imported other text over them', async () => {
		await prepareDatabase(t, bundled, { log: () => {} });
		const other = parseArticle(bundled[0]!.text.replace('Newly released', 'Recently released'));
		expect((await importArticle(t.db, other, articleQuestions(other))).outcome).toBe('updated');
		expect(await sourceKey()).toBeNull();
		const logs: string[] = [];
		await prepareDatabase(t, bundled, { log: (line) => logs.push(line) });
		expect(logs).toEqual([`Lectern: updated article ${SEED_SLUG}`]);
		expect(await sourceKey()).toMatch(/^[0-9a-f]{64}$/);
	});

	describe('with a hand-made claims file beside the article', () => {
		const claimsFixture = (name: string) =>
			readFileSync(`${REPO_ROOT}tests/fixtures/claims/${name}`, 'utf8');
		const pier = {
			file: 'pier-bell.txt',
			text: claimsFixture('pier-bell.txt'),
			claims: claimsFixture('pier-bell.claims.json')
		};

		it('stores its marks and contradictions confirmed, and imports again when it changes', async () => {
			const marked: string[] = [];
			const marking = (article: Article, file?: unknown) => {
				marked.push(article.slug);
				return courseClaims(article, file);
			};
			await prepareDatabase(t, [pier], { log: () => {}, drawClaims: marking });
			const confirmed = (table: string) =>
				count(
					t.client,
					`SELECT count(*) FROM ${table} WHERE status = 'confirmed' AND origin = 'file'`
				);
			expect(await confirmed('source_marks')).toBe(2);
			expect(await confirmed('contradictions')).toBe(1);
			await prepareDatabase(t, [pier], { log: () => {}, drawClaims: marking });
			expect(marked).toHaveLength(1);

			const file = JSON.parse(pier.claims) as { marks: unknown[] };
			const fewer = { ...pier, claims: JSON.stringify({ ...file, marks: file.marks.slice(0, 1) }) };
			await prepareDatabase(t, [fewer], { log: () => {}, drawClaims: marking });
			expect(marked).toHaveLength(2);
			expect(await confirmed('source_marks')).toBe(1);
		});

		it('fails start-up on a bad claims file, naming the file and the anchor', async () => {
			const bad = {
				...pier,
				claims: pier.claims.replace('weighs 900 kilograms,', 'weighs 900 kg,')
			};
			await expect(prepareDatabase(t, [bad], { log: () => {} })).rejects.toThrow(
				/pier-bell\.claims\.json: claims file: marks\.0: .*does not stand word for word/
			);
			await expect(
				prepareDatabase(t, [{ ...pier, claims: '{ not json' }], { log: () => {} })
			).rejects.toThrow(/pier-bell\.claims\.json: /);
			expect(await count(t.client, 'SELECT count(*) FROM articles')).toBe(0);
		});
	});
});
