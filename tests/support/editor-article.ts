// A small article of three modules and its bank, as the question editor's tests use it: two
// questions published, three kept as suggestions (as the prose suggester would leave them),
// owned by a teacher.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { parseArticle } from '../../src/lib/article/parse';
import { questionSchema, SUGGESTION_ID_PREFIX } from '../../src/lib/quiz/schema';
import { articleQuestions } from '../../src/lib/quiz/select';
import { importArticle } from '../../src/lib/server/articles';
import type { Database } from '../../src/lib/server/db/client';
import { articles } from '../../src/lib/server/db/schema';

const FIXTURES = new URL('../fixtures/articles/', import.meta.url).pathname;
const text = readFileSync(join(FIXTURES, 'editor-lighthouse.txt'), 'utf8');
const bank = JSON.parse(readFileSync(join(FIXTURES, 'editor-lighthouse.quiz.json'), 'utf8'));

/**
 * Imports the lighthouse article under `slug` (a fresh one per test keeps tests independent),
 * owned by `ownerId`, with its `suggest-` questions left as suggestions.
 */
export async function importEditorArticle(db: Database, ownerId: string | null, slug?: string) {
	const parsed = parseArticle(text);
	const article = slug ? { ...parsed, slug } : parsed;
	// The bank's `suggest-` questions stand for what the prose suggester would have drawn: the
	// importer keeps them as suggestions, the rest is the authored bank, published.
	const suggested = (bank.questions as { id: string }[]).filter((q) =>
		q.id.startsWith(SUGGESTION_ID_PREFIX)
	);
	const authored = articleQuestions(article, {
		...bank,
		article: article.slug,
		questions: bank.questions.filter((q: { id: string }) => !suggested.includes(q))
	});
	const list = [...authored, ...suggested.map((q) => questionSchema.parse(q))];
	// Published (as the editor's journeys read it as learners do), and owned.
	const { articleId } = await importArticle(db, article, list);
	await db.update(articles).set({ ownerId }).where(eq(articles.id, articleId));
	return { articleId, slug: article.slug, sections: article.sections.map((s) => s.slug) };
}
