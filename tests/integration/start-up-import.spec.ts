// Start-up imports the bundled articles in every process at every start: the prose suggestions
// and the marks' drafts (seconds of NLP per article) are drawn only when the article, its bank,
// its claims file or the rules changed.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../src/lib/server/startup';
import { suggestQuestions, type Suggestion } from '../../src/lib/suggest';
import type { Article } from '../../src/lib/article/types';
import type { ImportedClaims } from '../../src/lib/marks/claims';
import { courseClaims } from '../../src/lib/marks/course';
import { count, freshDatabase, REPO_ROOT, SEED_FILE, type TestDatabase } from './support/database';

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
		await prepareDatabase(t, bundled, (line) => logs.push(line), counting, marking);
		expect(drawn).toHaveLength(1);
		expect(marked).toHaveLength(1);
		expect(await count(t.client, 'SELECT count(*) FROM source_marks')).toBeGreaterThan(10);
		const suggested = await count(
			t.client,
			"SELECT count(*) FROM questions WHERE origin = 'suggested' AND status = 'suggested'"
		);
		expect(suggested).toBeGreaterThan(10);

		const before = await count(t.client, 'SELECT count(*) FROM question_versions');
		await prepareDatabase(t, bundled, (line) => logs.push(line), counting, marking);
		expect(drawn).toHaveLength(1);
		expect(marked).toHaveLength(1);
		expect(await count(t.client, 'SELECT count(*) FROM question_versions')).toBe(before);
		expect(logs.filter((l) => l.includes('article'))).toHaveLength(1);
	});

	it('imports again, suggestions and all, when the article changes', async () => {
		await prepareDatabase(t, bundled, () => {});
		const drawn: string[] = [];
		const changed = [
			{ ...bundled[0]!, text: bundled[0]!.text.replace('Newly released', 'Recently released') }
		];
		await prepareDatabase(
			t,
			changed,
			() => {},
			(article) => {
				drawn.push(article.slug);
				return suggestQuestions(article);
			}
		);
		expect(drawn).toHaveLength(1);
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
			await prepareDatabase(t, [pier], () => {}, suggestQuestions, marking);
			const confirmed = (table: string) =>
				count(
					t.client,
					`SELECT count(*) FROM ${table} WHERE status = 'confirmed' AND origin = 'file'`
				);
			expect(await confirmed('source_marks')).toBe(2);
			expect(await confirmed('contradictions')).toBe(1);
			await prepareDatabase(t, [pier], () => {}, suggestQuestions, marking);
			expect(marked).toHaveLength(1);

			const file = JSON.parse(pier.claims) as { marks: unknown[] };
			const fewer = { ...pier, claims: JSON.stringify({ ...file, marks: file.marks.slice(0, 1) }) };
			await prepareDatabase(t, [fewer], () => {}, suggestQuestions, marking);
			expect(marked).toHaveLength(2);
			expect(await confirmed('source_marks')).toBe(1);
		});

		it('fails start-up on a bad claims file, naming the file and the anchor', async () => {
			const bad = {
				...pier,
				claims: pier.claims.replace('weighs 900 kilograms,', 'weighs 900 kg,')
			};
			await expect(prepareDatabase(t, [bad], () => {})).rejects.toThrow(
				/pier-bell\.claims\.json: claims file: marks\.0: .*does not stand word for word/
			);
			await expect(
				prepareDatabase(t, [{ ...pier, claims: '{ not json' }], () => {})
			).rejects.toThrow(/pier-bell\.claims\.json: /);
			expect(await count(t.client, 'SELECT count(*) FROM articles')).toBe(0);
		});
	});
});
