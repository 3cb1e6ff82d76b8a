/**
 * An article's content as every reader sees it (issue 14): its sections and prompts, each
 * module's blocks, its claims as the module pages mark them up and the overview's provenance
 * box. It is the same for everyone, so it is read once per article version and kept in memory,
 * keyed by a stamp (the article's version and its claims' stamp) that every re-import and every
 * claim change moves. Who may see it is not decided here: see `reader-view.ts`.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Block } from '../article/types';
import { moduleMarkup, type ModuleMarkup } from '../marks/render';
import { summarize, type ArticleSummary } from './articles';
import { claimsStampSql, listClaims, type ArticleClaims } from './claims';
import type { Database } from './db/client';
import { articles, sections } from './db/schema';
import { provenanceOf, type ProvenanceBox } from './reader-marks';

export interface ArticleContent {
	/** The version the content was read at (see `contentStamp`). */
	stamp: string;
	article: ArticleSummary;
	/** A live module's blocks, or undefined for a section that is not live. */
	blocks(sectionId: string): Block[] | undefined;
	/** A module's marks and confirmed disagreements, marked up as its page shows them. */
	markup(section: { id: string; slug: string }): ModuleMarkup;
	/** The overview's provenance box, or null when the article has nothing to put in it. */
	provenance(): ProvenanceBox | null;
}

/** The SQL for an article's content stamp: the article's version, then its claims' stamp. */
export function contentStampSql() {
	return sql<string>`(${articles.version} || ':' || ${claimsStampSql(articles.id)})`;
}

async function readStamp(db: Database, articleId: string): Promise<string | undefined> {
	const [row] = await db.all<{ stamp: string }>(
		sql`select ${contentStampSql()} as stamp from ${articles} where ${articles.id} = ${articleId}`
	);
	return row?.stamp;
}

/** Reads an article's content from the database (a few statements; the cache calls it). */
export async function readArticleContent(
	db: Database,
	articleId: string,
	stamp: string
): Promise<ArticleContent | undefined> {
	const [row, blockRows, claims] = await Promise.all([
		db.query.articles.findFirst({ where: eq(articles.id, articleId) }),
		db
			.select({ id: sections.id, blocks: sections.blocks })
			.from(sections)
			.where(and(eq(sections.articleId, articleId), isNull(sections.archivedAt))),
		listClaims(db, articleId)
	]);
	if (!row) return undefined;
	return contentOf(stamp, await summarize(db, row), blockRows, claims);
}

/** The content's lazily derived parts, each worked out once per version. */
function contentOf(
	stamp: string,
	article: ArticleSummary,
	blockRows: { id: string; blocks: unknown }[],
	claims: ArticleClaims
): ArticleContent {
	const blocks = new Map(blockRows.map((r) => [r.id, r.blocks as Block[]]));
	const markups = new Map<string, ModuleMarkup>();
	let provenance: ProvenanceBox | null | undefined;
	// A suggested disagreement waits for a teacher: readers never see it.
	const confirmed = claims.contradictions.filter((c) => c.status === 'confirmed');
	return {
		stamp,
		article,
		blocks: (id) => blocks.get(id),
		markup(section) {
			let markup = markups.get(section.id);
			if (!markup) {
				markup = moduleMarkup(
					article.slug,
					section.slug,
					blocks.get(section.id) ?? [],
					claims.marks.filter((m) => m.sectionId === section.id),
					confirmed.filter((c) => c.a.sectionId === section.id || c.b.sectionId === section.id)
				);
				markups.set(section.id, markup);
			}
			return markup;
		},
		provenance: () => (provenance ??= provenanceOf(article, claims))
	};
}

/**
 * Article contents by article id, each valid for one stamp, the least recently used dropped
 * beyond `maxArticles`. Concurrent misses share one read. A content is kept only when the
 * article's stamp is still the same after it was read: the reads are separate statements, and
 * an edit landing between them could otherwise leave a mix of two versions under one stamp.
 */
export class ArticleContentCache {
	private readonly entries = new Map<
		string,
		{ stamp: string; content: Promise<ArticleContent | undefined> }
	>();
	/** Reads (misses) so far, for tests and the bench. */
	reads = 0;

	constructor(
		private readonly maxArticles = 64,
		private readonly read: typeof readArticleContent = readArticleContent
	) {}

	get(db: Database, articleId: string, stamp: string): Promise<ArticleContent | undefined> {
		const hit = this.entries.get(articleId);
		if (hit && hit.stamp === stamp) {
			this.entries.delete(articleId);
			this.entries.set(articleId, hit);
			return hit.content;
		}
		this.reads++;
		const content = this.read(db, articleId, stamp).then(async (found) => {
			if (!found || (await readStamp(db, articleId)) !== stamp) this.forget(articleId, content);
			return found;
		});
		content.catch(() => this.forget(articleId, content));
		this.entries.delete(articleId);
		this.entries.set(articleId, { stamp, content });
		while (this.entries.size > this.maxArticles)
			this.entries.delete(this.entries.keys().next().value!);
		return content;
	}

	private forget(articleId: string, content: Promise<ArticleContent | undefined>) {
		if (this.entries.get(articleId)?.content === content) this.entries.delete(articleId);
	}

	get size() {
		return this.entries.size;
	}
}

/** The process's cache of article contents. */
export const articleContents = new ArticleContentCache();
