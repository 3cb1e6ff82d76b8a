import { createHash, randomUUID } from 'node:crypto';
import { and, asc, desc, eq, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { countWords, readingMinutes } from '../article/text';
import type { Article, Block } from '../article/types';
import { mayReadArticle, type Viewer } from '../access/article';
import { matchSections } from '../article/reimport';
import { importedOrigin, planQuestionImport, type StoredQuestionState } from '../quiz/reimport';
import { SUGGESTION_RULES_VERSION } from '../suggest/version';
import { importedClaims, type ClaimsFile, type ImportedClaims } from '../marks/claims';
import { MARK_RULES_VERSION } from '../marks/version';
import { claimsStampSql } from './claims';
import { writeClaims } from './claims-import';
import type { Question } from '../quiz/schema';
import type { Database } from './db/client';
import {
	articles,
	assignments,
	classes,
	classMembers,
	prompts,
	questions,
	questionVersions,
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

export interface ImportOptions {
	/**
	 * Who imports it: a new article becomes theirs, a draft private to them and their classes
	 * until an admin publishes it. Without an owner (the bundled articles, the CLI) a new
	 * article is published at once. A re-import keeps the owner and status it has.
	 */
	ownerId?: string | null;
	/**
	 * The article's claims (`courseClaims`, drawn before: the marking rules run NLP, never inside
	 * the write transaction). Without them the import draws no claims, but still archives the
	 * stored ones whose text is gone and restores those whose text is back.
	 */
	claims?: ImportedClaims;
}

/**
 * What an import's content hash covers: the article, its bank and table questions, and the
 * suggestion rules' version (the suggestions follow from those two); for an import that draws
 * claims, the bundled claims file's (its confirmed part) and the marking rules' version (the
 * drafts follow from the article and the rules). `claims` may be the imported claims or only
 * the parsed file (null: no file), so a start-up can check before it runs any NLP.
 */
export function importHash(
	article: Article,
	questionList: readonly Question[],
	claims?: ImportedClaims | ClaimsFile | null
): string {
	return hashContent({
		article,
		questions: questionList.filter((q) => importedOrigin(q.id) !== 'suggested'),
		suggestionRules: SUGGESTION_RULES_VERSION,
		...(claims === undefined
			? {}
			: { claims: handMadeClaims(claims), markRules: MARK_RULES_VERSION })
	});
}

/** The file's part of an import's claims (the same whether given the file or the claims). */
function handMadeClaims(claims: ImportedClaims | ClaimsFile | null): ImportedClaims {
	const empty = { marks: [], contradictions: [] };
	if (claims === null) return empty;
	if ('article' in claims) return importedClaims(empty, claims);
	return {
		marks: claims.marks.filter((m) => m.origin === 'file'),
		contradictions: claims.contradictions.filter((c) => c.origin === 'file')
	};
}

/**
 * Whether the stored article with this slug already holds exactly this import (`claims` as for
 * `importHash`: the parsed claims file, or null for none, when the import will draw claims).
 */
export async function importUnchanged(
	db: Database,
	article: Article,
	questionList: readonly Question[],
	claims?: ImportedClaims | ClaimsFile | null
): Promise<boolean> {
	const row = await db.query.articles.findFirst({
		columns: { contentHash: true },
		where: eq(articles.slug, article.slug)
	});
	return row?.contentHash === importHash(article, questionList, claims);
}

export function hashContent(value: unknown): string {
	return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/**
 * Stores a parsed article in one write transaction: all of it or none of it. Sections keep
 * their ids across re-imports (`matchSections`); vanished sections and prompts are archived,
 * never deleted, so no learner's data loses its anchor. Questions follow `planQuestionImport`:
 * the bank's are published, generated and suggested ones arrive as drafts, a change makes a
 * new version, and nothing a person wrote is touched. Claims follow `planClaimImport`
 * (src/lib/server/claims-import.ts).
 */
export async function importArticle(
	db: Database,
	article: Article,
	given?: readonly Question[],
	{ ownerId = null, claims }: ImportOptions = {}
): Promise<ImportResult> {
	// The generated questions by default: NLP, loaded only when asked for (bundled-import.ts).
	let questionList = given ?? (await import('../quiz/select')).articleQuestions(article);
	const contentHash = importHash(article, questionList, claims);
	// Questions from confirmed claims are drawn (NLP) before the write lock is taken, and only
	// when the import will change something.
	const stored = await db.query.articles.findFirst({
		columns: { contentHash: true },
		where: eq(articles.slug, article.slug)
	});
	if (stored?.contentHash !== contentHash) {
		const drawn = new Set(questionList.map((q) => q.id));
		// NLP, imported only for an import that changes something (see bundled-import.ts).
		const { claimQuestionsAtImport } = await import('./claim-questions-import');
		const fromClaims = (await claimQuestionsAtImport(db, article, claims)).filter(
			(q) => !drawn.has(q.id)
		);
		questionList = [...questionList, ...fromClaims];
	}
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
					// Whoever imports, start-up checks the bundled files against it again.
					sourceKey: null,
					version: existing.version + 1,
					updatedAt: now
				})
				.where(eq(articles.id, articleId));
		} else {
			await tx.insert(articles).values({
				id: articleId,
				ownerId,
				status: ownerId ? 'draft' : 'published',
				slug: article.slug,
				title: article.title,
				sources: article.sources,
				warnings: article.warnings,
				contentHash
			});
		}

		const sectionPlan = matchSections(
			await tx.query.sections.findMany({ where: eq(sections.articleId, articleId) }),
			article.sections
		);
		const idBySlug = new Map<string, string>();
		for (const [position, { section, storedId }] of sectionPlan.matches.entries()) {
			const values = {
				slug: section.slug,
				title: section.title,
				kind: section.kind,
				position,
				blocks: section.blocks,
				wordCount: countWords(section.blocks),
				archivedAt: null
			};
			const id = storedId ?? randomUUID();
			if (storedId) await tx.update(sections).set(values).where(eq(sections.id, id));
			else await tx.insert(sections).values({ id, articleId, ...values });
			idBySlug.set(section.slug, id);
		}
		for (const s of sectionPlan.archived) {
			await tx.update(sections).set({ archivedAt: now }).where(eq(sections.id, s.id));
		}
		const liveSections = new Map(
			sectionPlan.matches.map(({ section }) => [idBySlug.get(section.slug)!, section])
		);
		await writeClaims(tx, articleId, liveSections, idBySlug, claims, now);
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
		const questionPlan = planQuestionImport(
			await storedQuestionStates(tx, articleId),
			questionList
		);
		// New questions and new versions go in as a few multi-row inserts: a first import of a long
		// article writes hundreds of rows, and another process may be waiting for the write lock.
		const inserted: (typeof questions.$inferInsert)[] = [];
		const versions: (typeof questionVersions.$inferInsert)[] = [];
		for (const [position, step] of questionPlan.steps.entries()) {
			if (step.kind === 'protected') continue;
			const { question } = step;
			const id = questionKey(articleId, question.id);
			const placed = { sectionId: idBySlug.get(question.evidence.section) ?? null, position };
			if (step.kind === 'insert') {
				inserted.push({
					id,
					articleId,
					...placed,
					origin: step.origin,
					status: step.status,
					data: question
				});
				versions.push({ questionId: id, version: 1, data: question });
				continue;
			}
			await tx
				.update(questions)
				.set({
					...placed,
					origin: step.origin,
					status: step.status,
					archivedAt: step.archived ? sql`coalesce(${questions.archivedAt}, ${+now})` : null,
					...(step.kind === 'update' ? { data: question, version: step.version } : {})
				})
				.where(eq(questions.id, id));
			if (step.kind === 'update') {
				versions.push({ questionId: id, version: step.version, data: question });
			}
		}
		for (const rows of chunks(inserted)) await tx.insert(questions).values(rows);
		for (const rows of chunks(versions)) await tx.insert(questionVersions).values(rows);
		for (const questionId of questionPlan.archive) {
			await tx
				.update(questions)
				.set({ archivedAt: now })
				.where(eq(questions.id, questionKey(articleId, questionId)));
		}
		return {
			slug: article.slug,
			articleId,
			outcome: existing ? 'updated' : 'created',
			archivedSections: sectionPlan.archived.map((s) => s.slug)
		};
	});
}

function chunks<T>(rows: T[], size = 100): T[][] {
	return Array.from({ length: Math.ceil(rows.length / size) }, (_, i) =>
		rows.slice(i * size, (i + 1) * size)
	);
}

/** The stored state of every question of an article, as the import planner reads it. */
export async function storedQuestionStates(
	tx: Pick<Database, 'select'>,
	articleId: string
): Promise<StoredQuestionState[]> {
	const rows = await tx
		.select({
			origin: questions.origin,
			status: questions.status,
			archivedAt: questions.archivedAt,
			version: questions.version,
			data: questions.data,
			writtenBy: questionVersions.createdById
		})
		.from(questions)
		.leftJoin(
			questionVersions,
			and(
				eq(questionVersions.questionId, questions.id),
				eq(questionVersions.version, questions.version)
			)
		)
		.where(eq(questions.articleId, articleId));
	return rows.map((r) => {
		const data = r.data as Question;
		return {
			id: data.id,
			origin: r.origin,
			status: r.status,
			archived: r.archivedAt !== null,
			version: r.version,
			data,
			writtenByPerson: r.writtenBy !== null
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

/**
 * The articles a teacher may assign: every published one, and the drafts they own (an admin:
 * every draft). A draft assigned to a class is readable by that class (`mayReadArticle`).
 */
export async function listAssignableArticles(
	db: Database,
	viewer: Viewer | null
): Promise<ArticleSummary[]> {
	const rows = await db.query.articles.findMany({ orderBy: asc(articles.title) });
	return Promise.all(rows.filter((a) => assignable(viewer, a)).map((a) => summarize(db, a)));
}

/** The article with this slug if the viewer may assign it (as `listAssignableArticles`). */
export async function findAssignableArticle(
	db: Database,
	viewer: Viewer | null,
	slug: string
): Promise<ArticleSummary | undefined> {
	const row = await db.query.articles.findFirst({ where: eq(articles.slug, slug) });
	return row && assignable(viewer, row) ? summarize(db, row) : undefined;
}

function assignable(viewer: Viewer | null, a: { status: string; ownerId: string | null }) {
	return a.status === 'published' || viewer?.role === 'admin' || a.ownerId === viewer?.id;
}

/**
 * The article with this slug, whatever its status: only for a caller that has authorized the
 * viewer by another route (an assignment of a class they teach).
 */
export async function findArticle(db: Database, slug: string) {
	const row = await db.query.articles.findFirst({ where: eq(articles.slug, slug) });
	return row ? summarize(db, row) : undefined;
}

export interface OwnedArticle {
	slug: string;
	title: string;
	status: 'published' | 'draft';
	version: number;
	updatedAt: Date;
}

/** The articles a person imported, newest change first. */
export async function listOwnedArticles(db: Database, ownerId: string): Promise<OwnedArticle[]> {
	return db
		.select({
			slug: articles.slug,
			title: articles.title,
			status: articles.status,
			version: articles.version,
			updatedAt: articles.updatedAt
		})
		.from(articles)
		.where(eq(articles.ownerId, ownerId))
		.orderBy(desc(articles.updatedAt));
}

/** The published article with this slug (the public API's view). */
export async function findPublishedArticle(
	db: Database,
	slug: string
): Promise<ArticleSummary | undefined> {
	const row = await db.query.articles.findFirst({
		where: and(eq(articles.slug, slug), eq(articles.status, 'published'))
	});
	return row ? summarize(db, row) : undefined;
}

/**
 * The article with this slug if the viewer may read it: published, or a draft of theirs, of a
 * class they teach or are in, or any to an admin. Undefined otherwise, so a draft answers 404
 * like a slug that does not exist.
 */
export async function findReadableArticle(
	db: Database,
	viewer: Viewer | null,
	slug: string
): Promise<ArticleSummary | undefined> {
	const row = await db.query.articles.findFirst({ where: eq(articles.slug, slug) });
	if (!row) return undefined;
	const readable =
		mayReadArticle(viewer, row) ||
		(viewer !== null &&
			!viewer.isGuest &&
			mayReadArticle(viewer, row, await classRelation(db, viewer.id, row.id)));
	return readable ? summarize(db, row) : undefined;
}

/** How a user stands to an article through the classes it is assigned to. */
async function classRelation(db: Database, userId: string, articleId: string) {
	const [row] = await db
		.select({
			teaches: sql<number>`max(${classes.teacherId} = ${userId})`,
			member: sql<number>`max(${classMembers.userId} is not null)`
		})
		.from(assignments)
		.innerJoin(classes, eq(classes.id, assignments.classId))
		.leftJoin(
			classMembers,
			and(eq(classMembers.classId, classes.id), eq(classMembers.userId, userId))
		)
		.where(eq(assignments.articleId, articleId));
	return { teachesAClassWithIt: row?.teaches === 1, inAClassWithIt: row?.member === 1 };
}

/** An article row with its live sections (in order) and live prompts. */
export async function summarize(
	db: Database,
	a: typeof articles.$inferSelect
): Promise<ArticleSummary> {
	const { secs, ps } = await outline(db, a);
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

/**
 * Sections and prompts change only in an import, which raises the article's version: they are
 * read once per version, not at every request that names the article (a quiz submission, a
 * thread page). Read after the row, so never older than the version they are kept under.
 */
const outlines = new Map<string, Promise<Outline>>();
const MAX_OUTLINES = 256;
type Outline = Awaited<ReturnType<typeof readOutline>>;

function outline(db: Database, a: typeof articles.$inferSelect): Promise<Outline> {
	const key = `${a.id}:${a.version}`;
	let found = outlines.get(key);
	if (!found) {
		if (outlines.size >= MAX_OUTLINES) outlines.delete(outlines.keys().next().value!);
		found = readOutline(db, a.id);
		outlines.set(key, found);
		// A failed read is not kept.
		found.catch(() => outlines.delete(key));
	}
	return found;
}

async function readOutline(db: Database, articleId: string) {
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
			.where(and(eq(sections.articleId, articleId), isNull(sections.archivedAt)))
			.orderBy(asc(sections.position)),
		db
			.select({
				id: prompts.id,
				number: prompts.number,
				text: prompts.text,
				sectionId: prompts.sectionId
			})
			.from(prompts)
			.where(and(eq(prompts.articleId, articleId), isNull(prompts.archivedAt)))
			.orderBy(asc(prompts.number))
	]);
	return { secs, ps };
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

/**
 * What a published article's anonymous pages show, as one key (for the readers' page cache):
 * its id and version (content), its claims stamp and its questions stamp; undefined unless
 * published. One statement.
 */
export async function articleFingerprint(db: Database, slug: string): Promise<string | undefined> {
	const [row] = await db.all<{ key: string }>(
		sql`select ${articles.id} || ':' || ${articles.version} || ':' || ${claimsStampSql(articles.id)}
			|| ':' || ${questionsStampSql(articles.id)} as key
			from ${articles} where ${articles.slug} = ${slug} and ${articles.status} = 'published'`
	);
	return row?.key;
}

/**
 * Changes whenever what learners of the article are asked changes: a question accepted,
 * created, edited (its version), archived or restored.
 */
export function questionsStampSql(articleId: SQLWrapper | string): SQL<string> {
	return sql<string>`(select count(*) || '.' || total(${questions.status} = 'published') || '.'
		|| total(${questions.version}) || '.' || total(${questions.archivedAt})
		from ${questions} where ${questions.articleId} = ${articleId})`;
}
