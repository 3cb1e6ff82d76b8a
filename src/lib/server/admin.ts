import { and, asc, eq, gt, inArray, isNotNull } from 'drizzle-orm';
import type { Role } from '../access';
import { refuse, type Refusal } from '../refusal';
import type { Database } from './db/client';
import { articles, users } from './db/schema';
import type { Article } from '../article/types';
import type { Question } from '../quiz/schema';
import { courseClaims } from '../marks/course';
import { courseQuestions } from '../suggest/course';
import { importArticle, type ImportOptions, type ImportResult } from './articles';
import { recordAudit, type AuditActor } from './audit';
import { revokeUserApiTokens, roleKeepsApiTokens } from './api-tokens';
import { invalidateUserSessions } from './auth/session';

type Admin = { id: string; displayName: string };

/** What an admin's action on a user came to: done, or refused with a message for the page. */
export type AdminResult = { ok: true } | Refusal;

export const NO_SUCH_USER = 'There is no such user: they may have deleted their account.';
const noSuchUser = refuse(404, NO_SUCH_USER);

/** Whether `userId` is an account (not a guest identity). */
async function accountExists(db: Pick<Database, 'select'>, userId: string) {
	const [row] = await db
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.id, userId), eq(users.isGuest, false)));
	return row !== undefined;
}

/** An account's name and role, for confirming a change of role; `null` for no such account. */
export async function findAccount(
	db: Pick<Database, 'select'>,
	userId: string
): Promise<{ id: string; displayName: string; role: Role } | null> {
	const [row] = await db
		.select({ id: users.id, displayName: users.displayName, role: users.role })
		.from(users)
		.where(and(eq(users.id, userId), eq(users.isGuest, false)));
	return row ?? null;
}

/**
 * Gives an account a role. A role that may not hold API tokens revokes the account's tokens
 * (a demoted teacher's scripts stop). Nothing is changed or recorded for an unknown id.
 */
export async function setRole(
	db: Database,
	admin: Admin,
	userId: string,
	role: Role
): Promise<AdminResult> {
	return db.transaction(async (tx) => {
		const changed = await tx
			.update(users)
			.set({ role })
			.where(and(eq(users.id, userId), eq(users.isGuest, false)))
			.returning({ id: users.id });
		if (changed.length === 0) return noSuchUser;
		if (!roleKeepsApiTokens(role)) await revokeUserApiTokens(tx, userId);
		await recordAudit(tx, admin, {
			action: 'user.role',
			targetType: 'user',
			targetId: userId,
			details: { role }
		});
		return { ok: true };
	});
}

/** A change of role as the admin is asked to confirm it, and as the page says it was made. */
export interface RoleChange {
	userId: string;
	displayName: string;
	from: Role;
	to: Role;
}

/**
 * A change of role is asked twice: the first request answers what it would change (`confirm`),
 * the second (`confirmed`) makes it. Refused for an unknown account or the role it has.
 */
export async function changeRole(
	db: Database,
	admin: Admin,
	{ userId, role, confirmed }: { userId: string; role: Role; confirmed: boolean }
): Promise<{ ok: true; change: RoleChange; done: boolean } | Refusal> {
	const account = await findAccount(db, userId);
	if (!account) return noSuchUser;
	if (account.role === role) return refuse(400, `${account.displayName} already has that role.`);
	const change = { userId, displayName: account.displayName, from: account.role, to: role };
	if (!confirmed) return { ok: true, change, done: false };
	const result = await setRole(db, admin, userId, role);
	return result.ok ? { ok: true, change, done: true } : result;
}

/** Disabling ends every open session (and API token) at once; re-enabling lets the person sign in again. */
export async function setDisabled(
	db: Database,
	admin: Admin,
	userId: string,
	disabled: boolean
): Promise<AdminResult> {
	if (!(await accountExists(db, userId))) return noSuchUser;
	await db
		.update(users)
		.set({ disabledAt: disabled ? new Date() : null })
		.where(eq(users.id, userId));
	if (disabled) await invalidateUserSessions(db, userId);
	await recordAudit(db, admin, {
		action: disabled ? 'user.disable' : 'user.enable',
		targetType: 'user',
		targetId: userId
	});
	return { ok: true };
}

/** Signs a person out everywhere: every session and every API token. */
export async function endSessions(
	db: Database,
	admin: Admin,
	userId: string
): Promise<AdminResult> {
	if (!(await accountExists(db, userId))) return noSuchUser;
	await invalidateUserSessions(db, userId);
	await recordAudit(db, admin, {
		action: 'user.endSessions',
		targetType: 'user',
		targetId: userId
	});
	return { ok: true };
}

// ---- Teacher requests (TEACHER_SIGNUP=approval) --------------------------------------------

export interface TeacherRequest {
	id: string;
	displayName: string;
	email: string | null;
	role: Role;
	requestedAt: Date;
}

/** People who asked to teach at sign-up and wait for an admin, oldest first. */
export async function listTeacherRequests(db: Database, limit = 100): Promise<TeacherRequest[]> {
	const rows = await db
		.select({
			id: users.id,
			displayName: users.displayName,
			email: users.email,
			role: users.role,
			requestedAt: users.teacherRequestedAt
		})
		.from(users)
		.where(and(isNotNull(users.teacherRequestedAt), eq(users.isGuest, false)))
		.orderBy(asc(users.teacherRequestedAt))
		.limit(limit);
	return rows.map((r) => ({ ...r, requestedAt: r.requestedAt! }));
}

const NOT_PENDING = 'This request is no longer waiting: someone may have answered it already.';

/**
 * Answers a request to teach: approving makes a learner a teacher (a moderator or admin keeps
 * their role, which already allows more); declining leaves the role. Either way the request is
 * cleared and the answer recorded.
 */
export async function answerTeacherRequest(
	db: Database,
	admin: Admin,
	userId: string,
	approve: boolean
): Promise<AdminResult> {
	return db.transaction(async (tx) => {
		const [user] = await tx
			.select({ role: users.role, requestedAt: users.teacherRequestedAt })
			.from(users)
			.where(and(eq(users.id, userId), eq(users.isGuest, false)));
		if (!user) return noSuchUser;
		if (!user.requestedAt) return refuse(409, NOT_PENDING);
		const role = approve && user.role === 'learner' ? 'teacher' : user.role;
		await tx.update(users).set({ role, teacherRequestedAt: null }).where(eq(users.id, userId));
		await recordAudit(tx, admin, {
			action: approve ? 'user.teacherApprove' : 'user.teacherDecline',
			targetType: 'user',
			targetId: userId,
			details: { role }
		});
		return { ok: true };
	});
}

/** Site-wide suspensions running now among `userIds`, by user id (for the admin's user list). */
export async function activeSuspensionsOf(
	db: Database,
	userIds: readonly string[],
	now: Date = new Date()
): Promise<Map<string, Date>> {
	if (userIds.length === 0) return new Map();
	const rows = await db
		.select({ id: users.id, until: users.suspendedUntil })
		.from(users)
		.where(and(inArray(users.id, [...userIds]), gt(users.suspendedUntil, now)));
	return new Map(rows.map((r) => [r.id, r.until!]));
}

export async function listAllArticles(db: Database) {
	return db
		.select({
			id: articles.id,
			slug: articles.slug,
			title: articles.title,
			status: articles.status,
			version: articles.version,
			updatedAt: articles.updatedAt,
			warnings: articles.warnings
		})
		.from(articles)
		.orderBy(asc(articles.title));
}

export async function setArticleStatus(
	db: Database,
	admin: Admin,
	articleId: string,
	status: 'published' | 'draft'
): Promise<AdminResult> {
	return db.transaction(async (tx) => {
		const changed = await tx
			.update(articles)
			.set({ status })
			.where(eq(articles.id, articleId))
			.returning({ id: articles.id });
		if (changed.length === 0) return refuse(404, 'There is no such article: reload the page.');
		await recordAudit(tx, admin, {
			action: `article.${status === 'published' ? 'publish' : 'unpublish'}`,
			targetType: 'article',
			targetId: articleId
		});
		return { ok: true };
	});
}

/** The name the audit log gives an import run from the command line (`npm run import`). */
export const COMMAND_LINE_ACTOR: AuditActor = { id: null, displayName: 'npm run import' };

/**
 * Imports an article (see importArticle) and records who did, from where, and what came of it.
 * An import that changed nothing (the same text again) records nothing: the log lists changes.
 * The import commits first: a failed audit write never undoes an article. Like the questions,
 * the claims default to what the rules draw (`courseClaims`: drafts for a teacher to review).
 */
export async function importArticleAudited(
	db: Database,
	by: AuditActor,
	source: 'admin' | 'cli' | 'import',
	article: Article,
	questions: readonly Question[] = courseQuestions(article),
	options: ImportOptions = {}
): Promise<ImportResult> {
	const result = await importArticle(db, article, questions, {
		...options,
		claims: options.claims ?? courseClaims(article)
	});
	if (result.outcome === 'unchanged') return result;
	await recordAudit(db, by, {
		action: 'article.import',
		targetType: 'article',
		targetId: result.articleId,
		details: { slug: result.slug, title: article.title, outcome: result.outcome, source }
	});
	return result;
}
