import { and, asc, desc, eq, gt, inArray, isNull, min, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Actor, Role } from '../access';
import { maySuspend, type SuspensionDecision } from '../access/suspension';
import {
	DELETED_AUTHOR_NAME,
	auditEntry,
	hideSchema,
	restoreSchema,
	moderatePost,
	moderationActions,
	postExcerpt,
	reportOutcome,
	type ModerationCommand
} from '../discussion';
import { describeAudit, recordAudit } from './audit';
import { classRelation, teaches } from './classroom';
import type { AuditDescription } from '../audit/describe';
import type { Database } from './db/client';
import {
	articles,
	auditLog,
	classMembers,
	classes,
	posts,
	prompts,
	reports,
	threads,
	users
} from './db/schema';
import { classScope, PUBLIC_SCOPE } from '../discussion/scope';
import { findPostInThread, POST_NOT_FOUND, postPath, type Executor } from './discussion';
import { parseForm } from './forms';
import { refuse, type Refusal } from '../refusal';

/**
 * The threads a person may moderate: public ones (site moderators and admins) and those of
 * the classes they teach. Routes work this out with `can`; queries only filter by it.
 */
export interface ModerationScopes {
	public: boolean;
	classIds: readonly string[];
}

function scopeList(scopes: ModerationScopes): string[] {
	return [...(scopes.public ? [PUBLIC_SCOPE] : []), ...scopes.classIds.map(classScope)];
}

/** The classes a teacher teaches: whose threads they moderate. */
export async function taughtClassIds(db: Executor, teacherId: string): Promise<string[]> {
	const rows = await db.select({ id: classes.id }).from(classes).where(teaches(teacherId));
	return rows.map((r) => r.id);
}

type SuspensionCommand = Extract<ModerationCommand, { action: 'suspend' | 'lift' }>;

/**
 * Whether `actor` may carry out a suspension (or lift one): finds the person it names and, for
 * a class suspension, how both stand to the class, then asks the rank rule (access/suspension).
 */
export async function checkSuspension(
	db: Executor,
	actor: Actor,
	command: SuspensionCommand
): Promise<SuspensionDecision> {
	const [target] = await db
		.select({ id: users.id, role: users.role, isGuest: users.isGuest })
		.from(users)
		.where(eq(users.id, command.userId));
	const verb = command.action;
	if (!command.classId) return maySuspend(actor, target ?? null, { kind: 'site' }, verb);
	const [actorRelation, targetRelation] = await Promise.all([
		classRelation(db, command.classId, actor.id),
		classRelation(db, command.classId, command.userId)
	]);
	return maySuspend(
		actor,
		target ?? null,
		{
			kind: 'class',
			actorRelation: actorRelation === 'teacher' ? 'teacher' : null,
			targetIsMember: targetRelation === 'member'
		},
		verb
	);
}

/** A suspension still running, as the moderation page lists it. */
export interface ActiveSuspension {
	userId: string;
	displayName: string;
	role: Role;
	until: Date;
	reason: string | null;
	/** The class it is limited to; `null` for a site-wide suspension. */
	classId: string | null;
	className: string | null;
}

/**
 * The suspensions running at `now` that the moderator of `scopes` looks after: site-wide ones
 * (public moderators) and those in the classes they teach, soonest to end first.
 */
export async function listActiveSuspensions(
	db: Executor,
	scopes: ModerationScopes,
	now: Date = new Date(),
	limit = 100
): Promise<ActiveSuspension[]> {
	const site = scopes.public
		? await db
				.select({
					userId: users.id,
					displayName: users.displayName,
					role: users.role,
					until: users.suspendedUntil,
					reason: users.suspensionReason
				})
				.from(users)
				.where(gt(users.suspendedUntil, now))
				.orderBy(asc(users.suspendedUntil))
				.limit(limit)
		: [];
	const inClasses =
		scopes.classIds.length > 0
			? await db
					.select({
						userId: users.id,
						displayName: users.displayName,
						role: users.role,
						until: classMembers.suspendedUntil,
						reason: classMembers.suspensionReason,
						classId: classes.id,
						className: classes.name
					})
					.from(classMembers)
					.innerJoin(classes, eq(classes.id, classMembers.classId))
					.innerJoin(users, eq(users.id, classMembers.userId))
					.where(
						and(
							inArray(classMembers.classId, [...scopes.classIds]),
							gt(classMembers.suspendedUntil, now)
						)
					)
					.orderBy(asc(classMembers.suspendedUntil))
					.limit(limit)
			: [];
	return [
		...site.map((r) => ({ ...r, until: r.until!, classId: null, className: null })),
		...inClasses.map((r) => ({ ...r, until: r.until! }))
	].sort((a, b) => a.until.getTime() - b.until.getTime());
}

import type { QueueItem } from '../discussion/queue';
export type { QueueItem, QueueReport } from '../discussion/queue';

const QUEUE_LIMIT = 50;

/**
 * Posts held for approval and posts with open reports, in the threads of `scopes`, oldest
 * first. Each half is found by its own index (posts by status, reports by `resolved_at`).
 */
export async function loadModerationQueue(
	db: Executor,
	scopes: ModerationScopes,
	limit = QUEUE_LIMIT
): Promise<QueueItem[]> {
	const inScope = scopeList(scopes);
	if (inScope.length === 0) return [];
	const held = await db
		.select({ id: posts.id, since: posts.createdAt })
		.from(posts)
		.innerJoin(threads, eq(threads.id, posts.threadId))
		.where(and(eq(posts.status, 'held'), inArray(threads.scope, inScope)))
		.orderBy(asc(posts.createdAt))
		.limit(limit);
	const reported = await db
		.select({ id: reports.postId, since: min(reports.createdAt) })
		.from(reports)
		.innerJoin(posts, eq(posts.id, reports.postId))
		.innerJoin(threads, eq(threads.id, posts.threadId))
		.where(
			and(isNull(reports.resolvedAt), ne(posts.status, 'deleted'), inArray(threads.scope, inScope))
		)
		.groupBy(reports.postId)
		.orderBy(asc(min(reports.createdAt)))
		.limit(limit);
	const since = new Map<string, number>();
	for (const row of [...held, ...reported]) {
		const t = row.since?.getTime() ?? 0;
		since.set(row.id, Math.min(since.get(row.id) ?? t, t));
	}
	const ids = [...since.keys()].sort((a, b) => since.get(a)! - since.get(b)!).slice(0, limit);
	if (ids.length === 0) return [];

	const parent = alias(posts, 'parent');
	const parentAuthor = alias(users, 'parent_author');
	const rows = await db
		.select({
			id: posts.id,
			status: posts.status,
			hiddenBy: posts.hiddenBy,
			hiddenReason: posts.hiddenReason,
			html: posts.html,
			createdAt: posts.createdAt,
			editedAt: posts.editedAt,
			authorId: posts.authorId,
			authorName: users.displayName,
			authorRole: users.role,
			authorSuspendedUntil: users.suspendedUntil,
			authorClassSuspendedUntil: classMembers.suspendedUntil,
			threadId: threads.id,
			scope: threads.scope,
			classId: threads.classId,
			lockedAt: threads.lockedAt,
			promptNumber: prompts.number,
			promptText: prompts.text,
			articleSlug: articles.slug,
			articleTitle: articles.title,
			parentBody: parent.body,
			parentStatus: parent.status,
			parentAuthorId: parent.authorId,
			parentAuthorName: parentAuthor.displayName
		})
		.from(posts)
		.innerJoin(threads, eq(threads.id, posts.threadId))
		.innerJoin(prompts, eq(prompts.id, threads.promptId))
		.innerJoin(articles, eq(articles.id, threads.articleId))
		.leftJoin(users, eq(users.id, posts.authorId))
		.leftJoin(
			classMembers,
			and(eq(classMembers.userId, posts.authorId), eq(classMembers.classId, threads.classId))
		)
		.leftJoin(parent, eq(parent.id, posts.replyToPostId))
		.leftJoin(parentAuthor, eq(parentAuthor.id, parent.authorId))
		.where(inArray(posts.id, ids));
	const reporter = alias(users, 'reporter');
	const openReports = await db
		.select({
			postId: reports.postId,
			reason: reports.reason,
			note: reports.note,
			reporterName: reporter.displayName,
			createdAt: reports.createdAt
		})
		.from(reports)
		.leftJoin(reporter, eq(reporter.id, reports.reporterId))
		.where(and(inArray(reports.postId, ids), isNull(reports.resolvedAt)))
		.orderBy(asc(reports.createdAt));

	const byId = new Map(rows.map((r) => [r.id, r]));
	return ids.flatMap((id): QueueItem[] => {
		const r = byId.get(id);
		if (!r) return [];
		const parentGone = r.parentStatus === 'deleted';
		return [
			{
				post: {
					id: r.id,
					status: r.status,
					hiddenBy: r.hiddenBy,
					hiddenReason: r.hiddenReason,
					html: r.html,
					createdAt: r.createdAt,
					editedAt: r.editedAt,
					authorId: r.authorId,
					authorName: (r.authorId && r.authorName) || DELETED_AUTHOR_NAME,
					authorRole: r.authorId ? r.authorRole : null,
					authorSuspendedUntil: r.classId ? r.authorClassSuspendedUntil : r.authorSuspendedUntil,
					path: postPath(r, r)
				},
				thread: {
					id: r.threadId,
					scope: r.scope,
					locked: r.lockedAt !== null,
					classId: r.classId,
					promptNumber: r.promptNumber,
					promptText: r.promptText,
					articleSlug: r.articleSlug,
					articleTitle: r.articleTitle
				},
				parent:
					r.parentStatus === null
						? null
						: {
								authorName:
									(!parentGone && r.parentAuthorId && r.parentAuthorName) || DELETED_AUTHOR_NAME,
								excerpt: parentGone ? '[deleted]' : postExcerpt(r.parentBody ?? '', 200)
							},
				reports: openReports
					.filter((x) => x.postId === id)
					.map((x) => ({
						reason: x.reason,
						note: x.note,
						reporterName: x.reporterName ?? DELETED_AUTHOR_NAME,
						createdAt: x.createdAt
					}))
			}
		];
	});
}

/**
 * The scope of the thread a command acts on, so the route can authorize it: a post's or a
 * thread's scope, or `null` for a suspension (a user is not in one thread) and for a target
 * that does not exist.
 */
export async function moderationTargetScope(
	db: Executor,
	command: ModerationCommand
): Promise<string | null> {
	if (command.action === 'suspend' || command.action === 'lift') return null;
	if (command.action === 'lock' || command.action === 'unlock') {
		const [thread] = await db
			.select({ scope: threads.scope })
			.from(threads)
			.where(eq(threads.id, command.threadId));
		return thread?.scope ?? null;
	}
	const [row] = await db
		.select({ scope: threads.scope })
		.from(posts)
		.innerJoin(threads, eq(threads.id, posts.threadId))
		.where(eq(posts.id, command.postId));
	return row?.scope ?? null;
}

/** Refused: the post or thread changed under the form (it answers beside the form as a whole). */
type ModerationRefusal = Refusal & { status: 404 | 409; field: 'form' };
export type ModerationResult = { ok: true; command: ModerationCommand } | ModerationRefusal;
const stale = (status: 404 | 409, message: string) =>
	refuse(status, message, 'form') as ModerationRefusal;

const STALE = 'Nothing changed: someone else may have dealt with this already. Reload the page.';
const NOT_SUSPENDED = 'This person is not suspended any more: nothing to lift.';

/**
 * Carries out a moderator's command (already authorized by the route) and writes its audit
 * entry in the same transaction: either both happen or neither.
 */
export async function applyModeration(
	db: Database,
	moderator: { id: string; displayName: string },
	command: ModerationCommand,
	now: Date = new Date()
): Promise<ModerationResult> {
	return db.transaction(async (tx) => {
		const entry = auditEntry(command, moderator.id, now);
		const details: Record<string, unknown> = {};
		switch (command.action) {
			case 'hide':
			case 'restore':
			case 'dismiss':
			case 'approve': {
				const [post] = await tx.select().from(posts).where(eq(posts.id, command.postId));
				if (!post) return stale(404, STALE);
				const next = moderatePost(post, command);
				if (!next) return stale(409, STALE);
				const outcome = reportOutcome(command.action);
				await tx
					.update(posts)
					.set({ ...next, ...(outcome ? { reportCount: 0 } : {}) })
					.where(eq(posts.id, post.id));
				if (outcome) {
					await tx
						.update(reports)
						.set({ resolvedAt: now, resolution: outcome })
						.where(and(eq(reports.postId, post.id), isNull(reports.resolvedAt)));
				}
				if (command.action === 'approve' && post.authorId) {
					await tx
						.update(users)
						.set({ approvedPostCount: sql`${users.approvedPostCount} + 1` })
						.where(eq(users.id, post.authorId));
				}
				details.threadId = post.threadId;
				break;
			}
			case 'lock':
			case 'unlock': {
				const locking = command.action === 'lock';
				const changed = await tx
					.update(threads)
					.set({ lockedAt: locking ? now : null })
					.where(
						and(
							eq(threads.id, command.threadId),
							locking ? isNull(threads.lockedAt) : sql`${threads.lockedAt} IS NOT NULL`
						)
					)
					.returning({ id: threads.id });
				if (changed.length === 0) return stale(409, STALE);
				break;
			}
			case 'suspend': {
				const set = { suspendedUntil: entry.suspendedUntil, suspensionReason: command.reason };
				// A teacher's suspension is the student's in that class alone.
				const changed = command.classId
					? await tx
							.update(classMembers)
							.set(set)
							.where(
								and(
									eq(classMembers.classId, command.classId),
									eq(classMembers.userId, command.userId)
								)
							)
							.returning({ id: classMembers.userId })
					: await tx
							.update(users)
							.set(set)
							.where(and(eq(users.id, command.userId), eq(users.isGuest, false)))
							.returning({ id: users.id });
				if (changed.length === 0) return stale(404, STALE);
				details.suspendedUntil = entry.suspendedUntil?.toISOString();
				details.duration = command.duration;
				if (command.classId) details.classId = command.classId;
				break;
			}
			case 'lift': {
				const set = { suspendedUntil: null, suspensionReason: null };
				const changed = command.classId
					? await tx
							.update(classMembers)
							.set(set)
							.where(
								and(
									eq(classMembers.classId, command.classId),
									eq(classMembers.userId, command.userId),
									gt(classMembers.suspendedUntil, now)
								)
							)
							.returning({ id: classMembers.userId })
					: await tx
							.update(users)
							.set(set)
							.where(and(eq(users.id, command.userId), gt(users.suspendedUntil, now)))
							.returning({ id: users.id });
				if (changed.length === 0) return stale(409, NOT_SUSPENDED);
				if (command.classId) details.classId = command.classId;
				break;
			}
		}
		await recordAudit(tx, moderator, {
			action: entry.action,
			targetType: entry.targetType,
			targetId: entry.targetId,
			reason: entry.reason,
			details
		});
		return { ok: true, command };
	});
}

/** What a hide or restore form on a thread page came to: the post it acted on, or why not. */
export type ThreadModerationOutcome =
	| { ok: true; postId: string }
	| {
			ok: false;
			status: number;
			target: string;
			errors: Record<string, string>;
			values: Record<string, string>;
	  };

/**
 * Hides or restores a post of `threadId` from the thread itself (a thread's moderator: a site
 * moderator in a public thread, the class's teacher in a class thread; the route checked that).
 * The post must be in this thread: a form never names a post elsewhere. Audited as from
 * /moderation.
 */
export async function moderateFromThread(
	db: Database,
	moderator: { id: string; displayName: string },
	threadId: string,
	action: 'hide' | 'restore',
	form: FormData
): Promise<ThreadModerationOutcome> {
	const rawId = form.get('postId');
	const target = `${action}:${typeof rawId === 'string' ? rawId.slice(0, 100) : ''}`;
	const rawReason = form.get('reason');
	const values = { reason: typeof rawReason === 'string' ? rawReason.slice(0, 2_000) : '' };
	form.set('action', action);
	const parsed = parseForm(action === 'hide' ? hideSchema : restoreSchema, form);
	if (!parsed.ok) return { ok: false, status: 400, target, errors: parsed.errors, values };
	const post = await findPostInThread(db, threadId, parsed.data.postId);
	if (!post) return { ok: false, status: 404, target, errors: { form: POST_NOT_FOUND }, values };
	const result = await applyModeration(db, moderator, parsed.data);
	if (!result.ok)
		return { ok: false, status: result.status, target, errors: { form: result.message }, values };
	return { ok: true, postId: post.id };
}

export interface ModerationLogEntry {
	id: string;
	actorName: string;
	action: string;
	targetType: string;
	targetId: string;
	reason: string | null;
	suspendedUntil: string | null;
	createdAt: Date;
	/** The entry in words (the same words /admin uses). */
	what: AuditDescription;
}

/** The latest moderation actions, newest first (admins read it; access `audit.read`). */
export async function listModerationLog(db: Executor, limit = 50): Promise<ModerationLogEntry[]> {
	const rows = await db
		.select()
		.from(auditLog)
		.where(inArray(auditLog.action, [...moderationActions]))
		.orderBy(desc(auditLog.createdAt))
		.limit(limit);
	const described = await describeAudit(db, rows);
	return rows.map((r, i) => ({
		id: r.id,
		actorName: r.actorName,
		action: r.action,
		targetType: r.targetType,
		targetId: r.targetId,
		reason: r.reason,
		suspendedUntil: typeof r.details?.suspendedUntil === 'string' ? r.details.suspendedUntil : null,
		createdAt: r.createdAt,
		what: described[i]!.what
	}));
}
