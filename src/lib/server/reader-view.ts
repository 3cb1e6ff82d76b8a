/**
 * What the article's pages need for one reader, in one statement (issue 14): the article's
 * status and owner (who may read it is decided here, per request, from the row as it is now),
 * its content stamp, and the reader's own state: the modules they have read, the class they
 * study it in, and the quiz questions per module. The content itself comes from memory
 * (`article-cache.ts`), read again only when the stamp has moved.
 */
import { fillPlaceholders, sql, type SQL } from 'drizzle-orm';
import { mayReadArticle, type ArticleFacts, type Viewer } from '../access/article';
import { articleContents, contentStampSql, type ArticleContent } from './article-cache';
import type { ClassContext } from './class-context';
import { clientOf, type Database } from './db/client';
import { statementOf } from './db/group-commit';
import {
	articles,
	assignments,
	classMembers,
	classes,
	questions,
	sectionProgress,
	sections
} from './db/schema';

export interface ReaderView {
	content: ArticleContent;
	facts: ArticleFacts;
	/** The ids of the live modules the reader has read (none for nobody signed in). */
	read: Set<string>;
	/** The class the reader studies the article in (as `findClassForArticle`). */
	cls: ClassContext | undefined;
	/** Live quiz questions per module id ('' for those of no module). */
	quizCounts: Map<string, number>;
	/**
	 * Everything above as read from the database, as one string: two views with the same
	 * fingerprint show the same thing (the content by its stamp, the reader's state as stored).
	 */
	fingerprint: string;
}

interface ViewRow {
	id: string;
	status: ArticleFacts['status'];
	ownerId: string | null;
	stamp: string;
	quizCounts: string;
	read: string | null;
	relation: string | null;
	cls: string | null;
}

/** Who reads, as far as the statement's shape goes. */
type ReaderKind = 'nobody' | 'guest' | 'account';
const VIEWER = sql.placeholder('viewer');
const SLUG = sql.placeholder('slug');

/** The reader's own part of the statement; `null` columns for nobody signed in. */
function readerColumns(kind: ReaderKind): SQL {
	if (kind === 'nobody') return sql`null as read, null as relation, null as cls`;
	const viewer = { id: VIEWER, isGuest: kind === 'guest' };
	const read = sql`(select json_group_array(${sectionProgress.sectionId}) from ${sectionProgress}
		inner join ${sections} on ${sections.id} = ${sectionProgress.sectionId}
		where ${sectionProgress.userId} = ${viewer.id} and ${sections.articleId} = ${articles.id}
			and ${sections.archivedAt} is null)`;
	// How the reader stands to a draft through classes (as `classRelation` in articles.ts); a
	// published article needs no relation, and a guest is never given one.
	const relation = viewer.isGuest
		? sql`null`
		: sql`case when ${articles.status} = 'published' then null else (
			select json_object('teaches', max(${classes.teacherId} = ${viewer.id}),
				'member', max(${classMembers.userId} is not null))
			from ${assignments} inner join ${classes} on ${classes.id} = ${assignments.classId}
			left join ${classMembers} on ${classMembers.classId} = ${classes.id}
				and ${classMembers.userId} = ${viewer.id}
			where ${assignments.articleId} = ${articles.id}) end`;
	const cls = sql`(select json_object('id', ${classes.id}, 'name', ${classes.name})
		from ${classMembers} inner join ${classes} on ${classes.id} = ${classMembers.classId}
		inner join ${assignments} on ${assignments.classId} = ${classes.id}
			and ${assignments.articleId} = ${articles.id}
		where ${classMembers.userId} = ${viewer.id} and ${classes.archivedAt} is null
		order by ${assignments.createdAt} desc, ${assignments.id} desc limit 1)`;
	return sql`${read} as read, ${relation} as relation, ${cls} as cls`;
}

/** The one statement of a reader's view of the article with this slug, for each kind of reader. */
function viewStatement(kind: ReaderKind) {
	const counts = sql`(select json_group_object(coalesce(s, ''), n) from (
		select ${questions.sectionId} as s, count(*) as n from ${questions}
		where ${questions.articleId} = ${articles.id} and ${questions.status} = 'published'
			and ${questions.archivedAt} is null
		group by ${questions.sectionId}))`;
	return statementOf(sql`select ${articles.id} as id,
		${articles.status} as status, ${articles.ownerId} as ownerId, ${contentStampSql()} as stamp,
		${counts} as quizCounts, ${readerColumns(kind)}
		from ${articles} where ${articles.slug} = ${SLUG}`);
}

/**
 * Every page of an article runs it: building it each time was a tenth of a signed-in page's CPU
 * (drizzle's query builder), so its three shapes are built once, with the reader and the slug as
 * parameters.
 */
const VIEW_STATEMENTS: Record<ReaderKind, ReturnType<typeof viewStatement>> = {
	nobody: viewStatement('nobody'),
	guest: viewStatement('guest'),
	account: viewStatement('account')
};

async function readViewRow(db: Database, viewer: Viewer | null, slug: string) {
	const kind: ReaderKind = !viewer ? 'nobody' : viewer.isGuest ? 'guest' : 'account';
	const { sql: text, args } = VIEW_STATEMENTS[kind];
	const { rows } = await clientOf(db).execute({
		sql: text,
		args: fillPlaceholders(args as unknown[], { viewer: viewer?.id ?? null, slug }) as string[]
	});
	return rows[0] as unknown as ViewRow | undefined;
}

/** A view's fingerprint: the row as read, content by its stamp (see ReaderView.fingerprint). */
function fingerprintOf(row: ViewRow): string {
	return JSON.stringify([
		row.id,
		row.stamp,
		row.status,
		row.ownerId,
		row.quizCounts,
		row.read,
		row.relation,
		row.cls
	]);
}

/**
 * The fingerprint findReaderView would give the view, or undefined when there is no such
 * article; whether the viewer may read it is not asked. For a caller that holds a page drawn
 * from a view of the same viewer, readable then: the same fingerprint (the article's status,
 * owner and the viewer's relation to it among it) means it is readable now.
 */
export async function readerViewFingerprint(
	db: Database,
	viewer: Viewer | null,
	slug: string
): Promise<string | undefined> {
	const row = await readViewRow(db, viewer, slug);
	return row && fingerprintOf(row);
}

/**
 * The article with this slug as `viewer` reads it, or undefined when it does not exist or they
 * may not read it (a draft answers like a slug that does not exist). One statement once the
 * article's content is in memory.
 */
export async function findReaderView(
	db: Database,
	viewer: Viewer | null,
	slug: string
): Promise<ReaderView | undefined> {
	const row = await readViewRow(db, viewer, slug);
	if (!row) return undefined;
	const facts: ArticleFacts = { status: row.status, ownerId: row.ownerId };
	const relation = row.relation
		? (JSON.parse(row.relation) as { teaches: number | null; member: number | null })
		: null;
	const readable = mayReadArticle(viewer, facts, {
		teachesAClassWithIt: relation?.teaches === 1,
		inAClassWithIt: relation?.member === 1
	});
	if (!readable) return undefined;
	const content = await articleContents.get(db, row.id, row.stamp);
	if (!content) return undefined;
	return {
		content,
		facts,
		read: new Set(row.read ? (JSON.parse(row.read) as string[]) : []),
		cls: row.cls ? (JSON.parse(row.cls) as ClassContext) : undefined,
		quizCounts: new Map(
			Object.entries(JSON.parse(row.quizCounts ?? '{}') as Record<string, number>)
		),
		fingerprint: fingerprintOf(row)
	};
}

const views = new WeakMap<object, { key: string; view: Promise<ReaderView | undefined> }>();

/**
 * `findReaderView` once per request (`request`: the request, or what stands for it): the article
 * layout and the page below it both ask, and SvelteKit runs their loads side by side.
 */
export function readerView(
	request: object,
	db: Database,
	viewer: Viewer | null,
	slug: string
): Promise<ReaderView | undefined> {
	const key = `${viewer?.id ?? ''} ${slug}`;
	const known = views.get(request);
	if (known?.key === key) return known.view;
	const view = findReaderView(db, viewer, slug);
	views.set(request, { key, view });
	return view;
}
