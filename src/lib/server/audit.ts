import { randomUUID } from 'node:crypto';
import { desc, eq, inArray } from 'drizzle-orm';
import { describeAuditEntry, type AuditDescription, type AuditTarget } from '../audit/describe';
import type { Database } from './db/client';
import { articles, auditLog, classes, posts, prompts, threads, users } from './db/schema';
import { postPermalink, type Executor } from './discussion';

export interface AuditEntry {
	action: string;
	targetType: string;
	targetId: string;
	reason?: string | null;
	details?: Record<string, unknown>;
}

/** Who did it: an account, or (id `null`) a command run on the server, such as `npm run import`. */
export interface AuditActor {
	id: string | null;
	displayName: string;
}

/** Records who did what, to what, and why. */
export async function recordAudit(
	db: Pick<Database, 'insert'>,
	actor: AuditActor,
	entry: AuditEntry
) {
	await db.insert(auditLog).values({
		id: randomUUID(),
		actorId: actor.id,
		actorName: actor.displayName,
		action: entry.action,
		targetType: entry.targetType,
		targetId: entry.targetId,
		reason: entry.reason ?? null,
		details: entry.details ?? null,
		createdAt: new Date()
	});
}

type AuditRow = typeof auditLog.$inferSelect;

/** An audit entry as the logs show it: who, when, why, and what in words (see describeAuditEntry). */
export interface DescribedAuditEntry {
	id: string;
	actorName: string;
	createdAt: Date;
	reason: string | null;
	what: AuditDescription;
}

const ids = (rows: AuditRow[], type: string) => [
	...new Set(rows.filter((r) => r.targetType === type).map((r) => r.targetId))
];

/**
 * The names of what `rows` acted on, looked up now, one query per kind of target (people,
 * posts, discussions, articles): a deleted target is left out and described as such.
 */
async function auditTargets(db: Executor, rows: AuditRow[]): Promise<Map<string, AuditTarget>> {
	const found = new Map<string, AuditTarget>();
	const userIds = [
		...new Set([
			...ids(rows, 'user'),
			...rows.map((r) => r.details?.ownerId).filter((v): v is string => typeof v === 'string')
		])
	];
	const postIds = ids(rows, 'post');
	const threadIds = ids(rows, 'thread');
	const articleIds = ids(rows, 'article');
	const classIds = [
		...new Set([
			...ids(rows, 'class'),
			...rows.map((r) => r.details?.classId).filter((v): v is string => typeof v === 'string')
		])
	];
	const [people, postRows, threadRows, articleRows, classRows] = await Promise.all([
		userIds.length
			? db
					.select({ id: users.id, name: users.displayName })
					.from(users)
					.where(inArray(users.id, userIds))
			: [],
		postIds.length
			? db
					.select({
						id: posts.id,
						authorId: posts.authorId,
						authorName: users.displayName,
						scope: threads.scope,
						promptNumber: prompts.number,
						articleSlug: articles.slug
					})
					.from(posts)
					.innerJoin(threads, eq(threads.id, posts.threadId))
					.innerJoin(prompts, eq(prompts.id, threads.promptId))
					.innerJoin(articles, eq(articles.id, threads.articleId))
					.leftJoin(users, eq(users.id, posts.authorId))
					.where(inArray(posts.id, postIds))
			: [],
		threadIds.length
			? db
					.select({
						id: threads.id,
						scope: threads.scope,
						promptNumber: prompts.number,
						articleSlug: articles.slug,
						articleTitle: articles.title
					})
					.from(threads)
					.innerJoin(prompts, eq(prompts.id, threads.promptId))
					.innerJoin(articles, eq(articles.id, threads.articleId))
					.where(inArray(threads.id, threadIds))
			: [],
		articleIds.length
			? db
					.select({ id: articles.id, slug: articles.slug, title: articles.title })
					.from(articles)
					.where(inArray(articles.id, articleIds))
			: [],
		classIds.length
			? db
					.select({ id: classes.id, name: classes.name })
					.from(classes)
					.where(inArray(classes.id, classIds))
			: []
	]);
	for (const p of people) found.set(`user:${p.id}`, { name: p.name });
	for (const p of postRows) {
		const by = p.authorId && p.authorName ? ` by ${p.authorName}` : '';
		found.set(`post:${p.id}`, { name: `a post${by}`, href: postPermalink(p, p) });
	}
	for (const t of threadRows) {
		const kind = t.scope === 'public' ? 'the public discussion' : 'a class discussion';
		found.set(`thread:${t.id}`, {
			name: `${kind} of prompt ${t.promptNumber} of “${t.articleTitle}”`,
			href: t.scope === 'public' ? `/lessons/${t.articleSlug}/discuss/${t.promptNumber}` : null
		});
	}
	for (const c of classRows) found.set(`class:${c.id}`, { name: c.name });
	for (const a of articleRows)
		found.set(`article:${a.id}`, { name: `“${a.title}”`, href: `/lessons/${a.slug}` });
	return found;
}

/** `rows` in words, with their targets' current names. */
export async function describeAudit(
	db: Executor,
	rows: AuditRow[]
): Promise<DescribedAuditEntry[]> {
	const targets = await auditTargets(db, rows);
	return rows.map((r) => {
		// Names the details point at: an API token's owner, a suspension's class.
		const d = r.details ?? {};
		const owner = typeof d.ownerId === 'string' ? targets.get(`user:${d.ownerId}`) : undefined;
		const cls = typeof d.classId === 'string' ? targets.get(`class:${d.classId}`) : undefined;
		const details = {
			...d,
			...(owner ? { ownerName: owner.name } : {}),
			...(cls ? { className: cls.name } : {})
		};
		return {
			id: r.id,
			actorName: r.actorName,
			createdAt: r.createdAt,
			reason: r.reason,
			what: describeAuditEntry(
				{ ...r, details },
				targets.get(`${r.targetType}:${r.targetId}`) ?? null
			)
		};
	});
}

/** The latest entries of every kind, newest first, in words (the admin page's log). */
export async function recentAudit(db: Database, limit = 100): Promise<DescribedAuditEntry[]> {
	const rows = await db.select().from(auditLog).orderBy(desc(auditLog.createdAt)).limit(limit);
	return describeAudit(db, rows);
}
