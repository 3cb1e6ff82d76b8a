// Start-up imports the bundled articles in every process at every start: the prose suggestions
// (seconds of NLP per article) are drawn only when the article, its bank or the rules changed.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../src/lib/server/startup';
import { suggestQuestions, type Suggestion } from '../../src/lib/suggest';
import type { Article } from '../../src/lib/article/types';
import { count, freshDatabase, SEED_FILE, type TestDatabase } from './support/database';

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

	it('draws suggestions for a new article, and not again while it is unchanged', async () => {
		const drawn: string[] = [];
		const counting = (article: Article): Suggestion[] => {
			drawn.push(article.slug);
			return suggestQuestions(article);
		};
		const logs: string[] = [];
		await prepareDatabase(t, bundled, (line) => logs.push(line), counting);
		expect(drawn).toHaveLength(1);
		const suggested = await count(
			t.client,
			"SELECT count(*) FROM questions WHERE origin = 'suggested' AND status = 'suggested'"
		);
		expect(suggested).toBeGreaterThan(10);

		const before = await count(t.client, 'SELECT count(*) FROM question_versions');
		await prepareDatabase(t, bundled, (line) => logs.push(line), counting);
		expect(drawn).toHaveLength(1);
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
});
