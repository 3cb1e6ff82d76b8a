/**
 * Confirmed claims feed the suggested questions (issue 13): once an editor confirms, corrects or
 * adds a mark, or links two passages, the questions `claimQuestions` draws from the article's
 * confirmed claims are added as suggestions a teacher then accepts, edits or discards, like the
 * prose suggestions of an import. A suggestion already stored (in any state: a discarded one
 * stays discarded) is left as it is.
 */
import { and, asc, eq, isNull, max } from 'drizzle-orm';
import type { Article, Block } from '../article/types';
import { claimQuestions } from '../suggest/claims';
import { questionKey } from './articles';
import { listClaims } from './claims';
import type { Executor } from './db/client';
import { articles, questions, questionVersions, sections } from './db/schema';

/** The article as the suggesters read it, rebuilt from its stored live modules. */
async function storedArticle(db: Executor, articleId: string): Promise<Article | undefined> {
	const [article] = await db
		.select({ slug: articles.slug, title: articles.title, sources: articles.sources })
		.from(articles)
		.where(eq(articles.id, articleId));
	if (!article) return undefined;
	const rows = await db
		.select({
			slug: sections.slug,
			title: sections.title,
			kind: sections.kind,
			blocks: sections.blocks
		})
		.from(sections)
		.where(and(eq(sections.articleId, articleId), isNull(sections.archivedAt)))
		.orderBy(asc(sections.position));
	return {
		title: article.title,
		slug: article.slug,
		sections: rows.map((s) => {
			const blocks = s.blocks as Block[];
			return { ...s, blocks, line: blocks[0]?.line ?? 1 };
		}),
		prompts: [],
		sources: article.sources,
		warnings: []
	};
}

/**
 * Adds, as suggestions, the questions the article's confirmed claims give that are not stored
 * yet; returns how many were added. Call it inside the transaction of the write that confirmed.
 */
export async function suggestFromConfirmedClaims(db: Executor, articleId: string): Promise<number> {
	const article = await storedArticle(db, articleId);
	if (!article) return 0;
	const claims = await listClaims(db, articleId);
	const confirmed = {
		marks: claims.marks
			.filter((m) => m.status === 'confirmed')
			.map((m) => ({
				section: m.section,
				quote: m.quote,
				kind: m.kind,
				source: m.source,
				speaker: m.speaker,
				note: m.note,
				provenance: m.provenance
			})),
		contradictions: claims.contradictions
			.filter((c) => c.status === 'confirmed')
			.map((c) => ({
				a: { section: c.a.section, quote: c.a.quote, label: c.a.label },
				b: { section: c.b.section, quote: c.b.quote, label: c.b.label },
				subject: c.subject,
				note: c.note
			}))
	};
	const drawn = claimQuestions(article, confirmed).map((s) => s.question);
	if (drawn.length === 0) return 0;
	const stored = new Set(
		(
			await db
				.select({ id: questions.id })
				.from(questions)
				.where(eq(questions.articleId, articleId))
		).map((r) => r.id)
	);
	const fresh = drawn.filter((q) => !stored.has(questionKey(articleId, q.id)));
	if (fresh.length === 0) return 0;
	const sectionIds = new Map(
		(
			await db
				.select({ id: sections.id, slug: sections.slug })
				.from(sections)
				.where(and(eq(sections.articleId, articleId), isNull(sections.archivedAt)))
		).map((s) => [s.slug, s.id])
	);
	const [last] = await db
		.select({ position: max(questions.position) })
		.from(questions)
		.where(eq(questions.articleId, articleId));
	let position = (last?.position ?? -1) + 1;
	const rows = fresh.map((question) => ({
		id: questionKey(articleId, question.id),
		articleId,
		sectionId: sectionIds.get(question.evidence.section) ?? null,
		origin: 'suggested' as const,
		status: 'suggested' as const,
		version: 1,
		position: position++,
		data: question
	}));
	await db.insert(questions).values(rows);
	await db
		.insert(questionVersions)
		.values(rows.map((r) => ({ questionId: r.id, version: 1, data: r.data, createdById: null })));
	return rows.length;
}
