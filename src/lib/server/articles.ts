import { createHash, randomUUID } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { countWords, readingMinutes } from '../article/text';
import type { Article, Block } from '../article/types';
import { articleQuestions } from '../quiz/select';
import { GENERATED_ID_PREFIX, type Question } from '../quiz/schema';
import type { Database } from './db/client';
import {
	articles,
	prompts,
	questions,
	sections,
	type PromptRow,
	type SectionRow
} from './db/schema';

export type ImportOutcome = 'created' | 'updated' | 'unchanged';
export interface ImportResult {
	slug: string;
	articleId: string;
	outcome: ImportOutcome;
	archivedSections: string[];
}

export function hashContent(value: unknown): string {
	return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/**
 * Stores a parsed article in one write transaction: all of it or none of it. Sections keep
 * their ids across re-imports (matched by slug, then by title); vanished sections and
 * prompts are archived, never deleted, so no learner's data loses its anchor.
 */
export async function importArticle(
	db: Database,
	article: Article,
	questionList: readonly Question[] = articleQuestions(article)
): Promise<ImportResult> {
	const contentHash = hashContent({ article, questions: questionList });
	return db.transaction(async (tx) => {
		const existing = await tx.query.articles.findFirst({ where: eq(articles.slug, article.slug) });
		if (existing && existing.contentHash === contentHash) {
			return {
				slug: article.slug,
				articleId: existing.id,
				outcome: 'unchanged',
				archivedSections: []
			};
		}
		const articleId = existing?.id ?? randomUUID();
		const now = new Date();
		if (existing) {
			await tx
				.update(articles)
				.set({
					title: article.title,
					sources: article.sources,
					warnings: article.warnings,
					contentHash,
					version: existing.version + 1,
					updatedAt: now
				})
				.where(eq(articles.id, articleId));
		} else {
			await tx.insert(articles).values({
				id: articleId,
				slug: article.slug,
				title: article.title,
				sources: article.sources,
				warnings: article.warnings,
				contentHash
			});
		}

		const old = await tx.query.sections.findMany({ where: eq(sections.articleId, articleId) });
		const unclaimed = new Map(old.map((s) => [s.id, s]));
		const claim = (pick: (s: SectionRow) => boolean) => {
			const found = [...unclaimed.values()].find(pick);
			if (found) unclaimed.delete(found.id);
			return found;
		};
		const idBySlug = new Map<string, string>();
		for (const [position, section] of article.sections.entries()) {
			const match =
				claim((s) => s.slug === section.slug && !s.archivedAt) ??
				claim((s) => s.title === section.title && !s.archivedAt) ??
				claim((s) => s.slug === section.slug) ??
				claim((s) => s.title === section.title);
			const values = {
				slug: section.slug,
				title: section.title,
				kind: section.kind,
				position,
				blocks: section.blocks,
				wordCount: countWords(section.blocks),
				archivedAt: null
			};
			const id = match?.id ?? randomUUID();
			if (match) await tx.update(sections).set(values).where(eq(sections.id, id));
			else await tx.insert(sections).values({ id, articleId, ...values });
			idBySlug.set(section.slug, id);
		}
		const archivedSections: string[] = [];
		for (const s of unclaimed.values()) {
			if (s.archivedAt) continue;
			await tx.update(sections).set({ archivedAt: now }).where(eq(sections.id, s.id));
			archivedSections.push(s.slug);
		}

		// Prompts are matched by their text first (live ones, then archived ones, so a prompt
		// that comes back gets its old id and thread), and only then, for edited wording, by
		// number among the live ones left over: two passes, so a prompt inserted in front
		// never takes over the id of one that merely moved down.
		const oldPrompts = await tx.query.prompts.findMany({ where: eq(prompts.articleId, articleId) });
		const unclaimedPrompts = new Map(oldPrompts.map((p) => [p.id, p]));
		const claimPrompt = (pick: (p: PromptRow) => boolean) => {
			const found = [...unclaimedPrompts.values()].find(pick);
			if (found) unclaimedPrompts.delete(found.id);
			return found;
		};
		for (const p of oldPrompts) {
			if (p.archivedAt) continue;
			// Out of the way of the live-number unique index while prompts are renumbered.
			await tx.update(prompts).set({ number: -p.number }).where(eq(prompts.id, p.id));
		}
		const matches = article.prompts.map(
			(prompt) =>
				claimPrompt((p) => !p.archivedAt && p.text === prompt.text) ??
				claimPrompt((p) => Boolean(p.archivedAt) && p.text === prompt.text)
		);
		for (const [i, prompt] of article.prompts.entries()) {
			matches[i] ??= claimPrompt((p) => !p.archivedAt && p.number === prompt.number);
		}
		for (const [i, prompt] of article.prompts.entries()) {
			const match = matches[i];
			const values = {
				number: prompt.number,
				text: prompt.text,
				sectionId: idBySlug.get(prompt.sectionSlug),
				archivedAt: null
			};
			if (match) {
				await tx.update(prompts).set(values).where(eq(prompts.id, match.id));
			} else {
				await tx.insert(prompts).values({ id: randomUUID(), articleId, ...values });
			}
		}
		for (const p of unclaimedPrompts.values()) {
			if (p.archivedAt) continue;
			// Archived with the number it had, which the partial unique index allows.
			await tx
				.update(prompts)
				.set({ archivedAt: now, number: p.number })
				.where(eq(prompts.id, p.id));
		}
		// Questions keep their ids (the bank's stable id, or the generator's deterministic one);
		// those that vanish are archived, so past attempts and review cards keep their anchor.
		const oldQuestions = await tx
			.select({ id: questions.id, archivedAt: questions.archivedAt })
			.from(questions)
			.where(eq(questions.articleId, articleId));
		const staleQuestions = new Map(oldQuestions.map((q) => [q.id, q]));
		for (const [position, question] of questionList.entries()) {
			const id = questionKey(articleId, question.id);
			const values = {
				sectionId: idBySlug.get(question.evidence.section) ?? null,
				origin: question.id.startsWith(GENERATED_ID_PREFIX)
					? ('generated' as const)
					: ('authored' as const),
				position,
				data: question,
				archivedAt: null
			};
			if (staleQuestions.delete(id))
				await tx.update(questions).set(values).where(eq(questions.id, id));
			else await tx.insert(questions).values({ id, articleId, ...values });
		}
		for (const q of staleQuestions.values()) {
			if (!q.archivedAt)
				await tx.update(questions).set({ archivedAt: now }).where(eq(questions.id, q.id));
		}
		return {
			slug: article.slug,
			articleId,
			outcome: existing ? 'updated' : 'created',
			archivedSections
		};
	});
}

/** A question's database id: unique across articles, stable across imports. */
export function questionKey(articleId: string, questionId: string): string {
	return `${articleId}:${questionId}`;
}

export interface SectionSummary {
	id: string;
	slug: string;
	title: string;
	kind: SectionRow['kind'];
	position: number;
	wordCount: number;
	minutes: number;
}
export interface ArticleSummary {
	id: string;
	slug: string;
	title: string;
	version: number;
	sections: SectionSummary[];
	prompts: { id: string; number: number; text: string; sectionId: string | null }[];
	sources: string[];
}

/** Published articles with their live sections in article order and live prompts. */
export async function listPublishedArticles(db: Database): Promise<ArticleSummary[]> {
	const rows = await db.query.articles.findMany({
		where: eq(articles.status, 'published'),
		orderBy: asc(articles.title)
	});
	return Promise.all(rows.map((a) => summarize(db, a)));
}

export async function findPublishedArticle(
	db: Database,
	slug: string
): Promise<ArticleSummary | undefined> {
	const row = await db.query.articles.findFirst({
		where: and(eq(articles.slug, slug), eq(articles.status, 'published'))
	});
	return row ? summarize(db, row) : undefined;
}

async function summarize(db: Database, a: typeof articles.$inferSelect): Promise<ArticleSummary> {
	const [secs, ps] = await Promise.all([
		db
			.select({
				id: sections.id,
				slug: sections.slug,
				title: sections.title,
				kind: sections.kind,
				position: sections.position,
				wordCount: sections.wordCount
			})
			.from(sections)
			.where(and(eq(sections.articleId, a.id), isNull(sections.archivedAt)))
			.orderBy(asc(sections.position)),
		db
			.select({
				id: prompts.id,
				number: prompts.number,
				text: prompts.text,
				sectionId: prompts.sectionId
			})
			.from(prompts)
			.where(and(eq(prompts.articleId, a.id), isNull(prompts.archivedAt)))
			.orderBy(asc(prompts.number))
	]);
	return {
		id: a.id,
		slug: a.slug,
		title: a.title,
		version: a.version,
		sources: a.sources,
		sections: secs.map((s) => ({ ...s, minutes: readingMinutes(s.wordCount) })),
		prompts: ps
	};
}

/** One live section's blocks. */
export async function findSectionBlocks(
	db: Database,
	sectionId: string
): Promise<Block[] | undefined> {
	const row = await db.query.sections.findFirst({
		columns: { blocks: true },
		where: and(eq(sections.id, sectionId), isNull(sections.archivedAt))
	});
	return row?.blocks as Block[] | undefined;
}

/** Changes whenever a published article's content or status does (for caches). */
export async function articleFingerprint(db: Database, slug: string): Promise<string | undefined> {
	const row = await db.query.articles.findFirst({
		columns: { id: true, version: true, status: true },
		where: eq(articles.slug, slug)
	});
	return row && row.status === 'published' ? `${row.id}:${row.version}` : undefined;
}
