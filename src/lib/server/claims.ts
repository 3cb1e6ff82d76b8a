/**
 * Reading an article's claims (issue 13): its source marks and the passages linked as
 * disagreeing, as pages, the editor and the API show them. Archived claims (their text is gone)
 * are never read here; `removed` ones only by the editor (`includeRemoved`).
 */
import { and, asc, eq, inArray, isNull, ne, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { ClaimOrigin, ClaimStatus, MarkKind } from '../marks/claims';
import type { Executor } from './db/client';
import { contradictions, sections, sourceMarks } from './db/schema';

export interface StoredMark {
	id: string;
	/** The module's slug and id. */
	section: string;
	sectionId: string;
	quote: string;
	kind: MarkKind;
	source: string | null;
	speaker: string | null;
	note: string;
	provenance: boolean;
	status: ClaimStatus;
	origin: ClaimOrigin;
}

export interface StoredPassage {
	section: string;
	sectionId: string;
	/** The module's title, for a link's words. */
	sectionTitle: string;
	quote: string;
	label: string | null;
}

export interface StoredContradiction {
	id: string;
	a: StoredPassage;
	b: StoredPassage;
	subject: string;
	note: string;
	status: ClaimStatus;
	origin: ClaimOrigin;
}

export interface ArticleClaims {
	marks: StoredMark[];
	contradictions: StoredContradiction[];
}

interface ReadOptions {
	/** Only the claims touching this module (marks on it; contradictions with a passage on it). */
	sectionId?: string;
	/** The editor's view: removed claims too (shown as removed, to bring back). */
	includeRemoved?: boolean;
}

/** An article's live claims, in reading order (module, then the import's order). */
export async function listClaims(
	db: Executor,
	articleId: string,
	{ sectionId, includeRemoved = false }: ReadOptions = {}
): Promise<ArticleClaims> {
	const visible = (status: typeof sourceMarks.status | typeof contradictions.status) =>
		includeRemoved ? undefined : ne(status, 'removed');
	const [markRows, contradictionRows, sectionRows] = await Promise.all([
		db
			.select({
				id: sourceMarks.id,
				section: sections.slug,
				sectionId: sourceMarks.sectionId,
				quote: sourceMarks.quote,
				kind: sourceMarks.kind,
				source: sourceMarks.source,
				speaker: sourceMarks.speaker,
				note: sourceMarks.note,
				provenance: sourceMarks.provenance,
				status: sourceMarks.status,
				origin: sourceMarks.origin
			})
			.from(sourceMarks)
			.innerJoin(sections, eq(sections.id, sourceMarks.sectionId))
			.where(
				and(
					eq(sourceMarks.articleId, articleId),
					isNull(sourceMarks.archivedAt),
					sectionId ? eq(sourceMarks.sectionId, sectionId) : undefined,
					visible(sourceMarks.status)
				)
			)
			.orderBy(asc(sections.position), asc(sourceMarks.position)),
		db
			.select()
			.from(contradictions)
			.where(
				and(
					eq(contradictions.articleId, articleId),
					isNull(contradictions.archivedAt),
					sectionId
						? or(eq(contradictions.aSectionId, sectionId), eq(contradictions.bSectionId, sectionId))
						: undefined,
					visible(contradictions.status)
				)
			)
			.orderBy(asc(contradictions.position)),
		db
			.select({ id: sections.id, slug: sections.slug, title: sections.title })
			.from(sections)
			.where(eq(sections.articleId, articleId))
	]);
	const sectionById = new Map(sectionRows.map((s) => [s.id, s]));
	const passage = (id: string, quote: string, label: string | null): StoredPassage => {
		const s = sectionById.get(id);
		return { section: s?.slug ?? '', sectionId: id, sectionTitle: s?.title ?? '', quote, label };
	};
	return {
		marks: markRows,
		contradictions: contradictionRows.map((c) => ({
			id: c.id,
			a: passage(c.aSectionId, c.aQuote, c.aLabel),
			b: passage(c.bSectionId, c.bQuote, c.bLabel),
			subject: c.subject,
			note: c.note,
			status: c.status,
			origin: c.origin
		}))
	};
}

/** Marks by id, for an editor's action (only the article's own, live ones). */
export async function findMarks(db: Executor, articleId: string, ids: readonly string[]) {
	if (ids.length === 0) return [];
	return db
		.select()
		.from(sourceMarks)
		.where(
			and(
				eq(sourceMarks.articleId, articleId),
				inArray(sourceMarks.id, [...ids]),
				isNull(sourceMarks.archivedAt)
			)
		);
}

/**
 * A stamp that changes whenever an article's claims do (a row added, edited, archived or
 * deleted), read in one cheap query: cached module pages and the cached article content are
 * keyed by it beside the article's version. Every write to a claim must set its `updated_at`
 * (or `archived_at`). Sums, not maxima: an edit to an older row changes the stamp too.
 */
export async function claimsStamp(db: Executor, articleId: string): Promise<string> {
	const row = await db.get<{ stamp: string }>(sql`select ${claimsStampSql(articleId)} as stamp`);
	return row.stamp;
}

/** `claimsStamp` as an SQL expression, to read inside a larger statement. */
export function claimsStampSql(articleId: SQLWrapper | string): SQL<string> {
	const stamp = (table: typeof sourceMarks | typeof contradictions) =>
		sql`(select count(*) || '.' || total(${table.updatedAt}) || '.' || total(${table.archivedAt}) from ${table} where ${table.articleId} = ${articleId})`;
	return sql<string>`(${stamp(sourceMarks)} || '/' || ${stamp(contradictions)})`;
}
