import { asc, eq } from 'drizzle-orm';
import type { Role } from '../access';
import type { Database } from './db/client';
import { articles, users } from './db/schema';
import { recordAudit } from './audit';
import { invalidateUserSessions } from './auth/session';

type Admin = { id: string; displayName: string };

export async function setRole(db: Database, admin: Admin, userId: string, role: Role) {
	await db.update(users).set({ role }).where(eq(users.id, userId));
	await recordAudit(db, admin, {
		action: 'user.role',
		targetType: 'user',
		targetId: userId,
		details: { role }
	});
}

/** Disabling ends every open session at once; re-enabling lets the person sign in again. */
export async function setDisabled(db: Database, admin: Admin, userId: string, disabled: boolean) {
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
}

export async function endSessions(db: Database, admin: Admin, userId: string) {
	await invalidateUserSessions(db, userId);
	await recordAudit(db, admin, {
		action: 'user.endSessions',
		targetType: 'user',
		targetId: userId
	});
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
) {
	await db.update(articles).set({ status }).where(eq(articles.id, articleId));
	await recordAudit(db, admin, {
		action: `article.${status === 'published' ? 'publish' : 'unpublish'}`,
		targetType: 'article',
		targetId: articleId
	});
}
