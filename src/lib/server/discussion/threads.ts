// Threads: one per prompt and scope (the public one, or a class's), found or created on first
// use, and the suspensions that count in each.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, sql, type SQLWrapper } from 'drizzle-orm';
import { respondFirstByDefault, suspensionBlock, type Suspensions } from '../../discussion';
import { preparedPer, type Executor } from '../db/client';
import { classMembers, posts, prompts, threads, users } from '../db/schema';

// A thread's scope is pure (lib/discussion/scope); the server's callers find it here too.
import {
	PUBLIC_SCOPE,
	classIdOfScope,
	classScope,
	isPublicScope,
	type ThreadScope
} from '../../discussion/scope';
export { PUBLIC_SCOPE, classIdOfScope, classScope, isPublicScope, type ThreadScope };

export type Thread = typeof threads.$inferSelect;

/** A person's suspensions, read with their membership of a class (`classMembers` joined). */
export const suspensionColumns = {
	suspendedUntil: users.suspendedUntil,
	classSuspendedUntil: classMembers.suspendedUntil
};

/** Joins a person (`users`) to their membership of the class `classId` names, if any. */
export function membershipIn(classId: string | SQLWrapper) {
	return and(eq(classMembers.userId, users.id), eq(classMembers.classId, classId));
}

/** The suspensions that count in a thread: a class's only in that class's threads. */
export function suspensionsOf(
	row: { suspendedUntil: Date | null; classSuspendedUntil: Date | null } | undefined,
	classId: string | null
): Suspensions {
	return {
		suspendedUntil: row?.suspendedUntil ?? null,
		classSuspendedUntil: classId ? (row?.classSuspendedUntil ?? null) : null
	};
}

/**
 * The suspensions that stop `userId` writing in a thread of `scope`: their site-wide one, and
 * in a class's thread the one that class's teacher set (nowhere else).
 */
export async function suspensionsIn(
	db: Executor,
	userId: string,
	scope: string
): Promise<Suspensions> {
	const classId = classIdOfScope(scope);
	const [row] = await db
		.select(suspensionColumns)
		.from(users)
		.leftJoin(classMembers, membershipIn(classId ?? ''))
		.where(eq(users.id, userId));
	return suspensionsOf(row, classId);
}

/**
 * Why `userId` may not edit or report in thread `threadId` now (a suspension: site-wide, or in
 * the thread's class), or `null`. One query: the thread, the person and their class membership.
 */
export async function writeBlock(db: Executor, userId: string, threadId: string, now: Date) {
	const [row] = await db
		.select({ classId: threads.classId, ...suspensionColumns })
		.from(threads)
		.innerJoin(users, eq(users.id, userId))
		.leftJoin(classMembers, membershipIn(threads.classId))
		.where(eq(threads.id, threadId));
	if (!row) return null;
	return suspensionBlock(suspensionsOf(row, row.classId), now);
}

/** A prompt's thread in a scope: a prepared query, built once per database (or transaction). */
function threadLookup(db: Executor) {
	return db
		.select()
		.from(threads)
		.where(
			and(
				eq(threads.promptId, sql.placeholder('promptId')),
				eq(threads.scope, sql.placeholder('scope'))
			)
		)
		.prepare();
}

const threadLookups = preparedPer(threadLookup);

/** Every thread page and post reads its thread first: the query is built once, not per view. */
export async function findThread(
	db: Executor,
	promptId: string,
	scope: ThreadScope
): Promise<Thread | undefined> {
	const [thread] = await threadLookups(db).all({ promptId, scope });
	return thread;
}

/**
 * The thread of a prompt in a scope, created the first time anyone asks. Reads first, so a
 * page view of an existing thread never writes; two first visitors racing both get the same
 * row (the insert is ignored on the unique (prompt, scope) index).
 */
export async function getOrCreateThread(
	db: Executor,
	{
		articleId,
		promptId,
		scope,
		respondFirst = respondFirstByDefault(isPublicScope(scope))
	}: { articleId: string; promptId: string; scope: ThreadScope; respondFirst?: boolean }
): Promise<Thread> {
	const existing = await findThread(db, promptId, scope);
	if (existing) return existing;
	await db
		.insert(threads)
		.values({
			id: randomUUID(),
			articleId,
			promptId,
			scope,
			classId: classIdOfScope(scope),
			respondFirst
		})
		.onConflictDoNothing();
	const created = await findThread(db, promptId, scope);
	if (!created) throw new Error(`thread for prompt ${promptId} (${scope}) was not created`);
	return created;
}

/** A live prompt of an article by its number (1, 2, …), as it appears in thread URLs. */
/**
 * What an anonymous reader's page of a public thread depends on beyond the article: the
 * thread's version (moved by every post write, see migration 0008) and its lock. Undefined while
 * the prompt has no public thread yet.
 */
export async function publicThreadStamp(
	db: Executor,
	articleId: string,
	number: number
): Promise<string | undefined> {
	const [row] = await db.all<{ stamp: string }>(
		sql`select ${threads.version} || ':' || coalesce(${threads.lockedAt}, '') as stamp
			from ${threads} join ${prompts} on ${prompts.id} = ${threads.promptId}
			where ${threads.articleId} = ${articleId} and ${threads.scope} = ${PUBLIC_SCOPE}
				and ${prompts.number} = ${number} and ${prompts.archivedAt} is null`
	);
	return row?.stamp;
}

export async function findPrompt(db: Executor, articleId: string, number: number) {
	const [prompt] = await db
		.select({ id: prompts.id, number: prompts.number, text: prompts.text })
		.from(prompts)
		.where(
			and(eq(prompts.articleId, articleId), eq(prompts.number, number), isNull(prompts.archivedAt))
		);
	return prompt;
}

export interface PromptSummary {
	id: string;
	number: number;
	text: string;
	/** Posts anyone can read (held, hidden and deleted ones are not counted). */
	postCount: number;
	locked: boolean;
}

/** An article's live prompts in order, each with its thread's post count in `scope`. */
export async function listPromptThreads(
	db: Executor,
	articleId: string,
	scope: ThreadScope
): Promise<PromptSummary[]> {
	const rows = await db
		.select({
			id: prompts.id,
			number: prompts.number,
			text: prompts.text,
			lockedAt: threads.lockedAt,
			postCount: sql<number>`(SELECT count(*) FROM ${posts} WHERE ${posts.threadId} = ${threads.id} AND ${posts.status} = 'visible')`
		})
		.from(prompts)
		.leftJoin(threads, and(eq(threads.promptId, prompts.id), eq(threads.scope, scope)))
		.where(and(eq(prompts.articleId, articleId), isNull(prompts.archivedAt)))
		.orderBy(asc(prompts.number));
	return rows.map((r) => ({
		id: r.id,
		number: r.number,
		text: r.text,
		postCount: Number(r.postCount ?? 0),
		locked: r.lockedAt !== null
	}));
}
