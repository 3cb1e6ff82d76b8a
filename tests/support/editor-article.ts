// A small article of three modules and its bank, as the question editor's tests use it: two
// questions published, three kept as suggestions (as the prose suggester would leave them),
// owned by a teacher.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, like } from 'drizzle-orm';
import { parseArticle } from '../../src/lib/article/parse';
import { articleQuestions } from '../../src/lib/quiz/select';
import { importArticle } from '../../src/lib/server/articles';
import type { Database } from '../../src/lib/server/db/client';
import { articles, questions } from '../../src/lib/server/db/schema';

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
	const list = articleQuestions(article, { ...bank, article: article.slug });
	const { articleId } = await importArticle(db, article, list);
	// Until the importer takes an owner and stores suggestions itself.
	await db.update(articles).set({ ownerId }).where(eq(articles.id, articleId));
	await db
		.update(questions)
		.set({ status: 'suggested', origin: 'suggested' })
		.where(like(questions.id, `${articleId}:suggest-%`));
	return { articleId, slug: article.slug, sections: article.sections.map((s) => s.slug) };
}
