// A class's private discussion: one thread per prompt of each article assigned to the class,
// in scope `class:<classId>`, respond-first, read by the class alone and moderated by its
// teacher. The thread machinery is the public discussion's (./discussion/).
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Database } from './db/client';
import { articles, assignments, prompts } from './db/schema';
import {
	classScope,
	getOrCreateThread,
	listPromptThreads,
	type PromptSummary,
	type Thread
} from './discussion';

const PROMPT_NUMBER = /^[1-9]\d{0,5}$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Where a class thread lives. */
export function classThreadPath(classId: string, articleSlug: string, promptNumber: number) {
	return `/classes/${classId}/discuss/${articleSlug}/${promptNumber}`;
}

export interface ClassThread {
	article: { id: string; slug: string; title: string };
	prompt: { id: string; number: number; text: string };
	promptCount: number;
	thread: Thread;
	path: string;
}

/**
 * The class thread of prompt `n` of an article assigned to the class, created (respond first)
 * on first use; undefined when the article is not assigned to the class or has no such prompt.
 */
export async function openClassThread(
	db: Database,
	classId: string,
	articleSlug: string,
	n: string
): Promise<ClassThread | undefined> {
	if (!SLUG.test(articleSlug) || articleSlug.length > 200 || !PROMPT_NUMBER.test(n)) return;
	const [article] = await db
		.select({ id: articles.id, slug: articles.slug, title: articles.title })
		.from(assignments)
		.innerJoin(articles, eq(articles.id, assignments.articleId))
		.where(and(eq(assignments.classId, classId), eq(articles.slug, articleSlug)))
		.limit(1);
	if (!article) return;
	const live = await db
		.select({ id: prompts.id, number: prompts.number, text: prompts.text })
		.from(prompts)
		.where(and(eq(prompts.articleId, article.id), isNull(prompts.archivedAt)))
		.orderBy(asc(prompts.number));
	const prompt = live.find((p) => p.number === Number(n));
	if (!prompt) return;
	const thread = await getOrCreateThread(db, {
		articleId: article.id,
		promptId: prompt.id,
		scope: classScope(classId),
		respondFirst: true
	});
	return {
		article,
		prompt,
		promptCount: live.length,
		thread,
		path: classThreadPath(classId, article.slug, prompt.number)
	};
}

/** The prompts of each assigned article with their class threads' post counts, by article id. */
export async function classPrompts(
	db: Database,
	classId: string,
	articleIds: readonly string[]
): Promise<Map<string, PromptSummary[]>> {
	const unique = [...new Set(articleIds)];
	const lists = await Promise.all(
		unique.map((id) => listPromptThreads(db, id, classScope(classId)))
	);
	return new Map(unique.map((id, i) => [id, lists[i]!]));
}
