import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from './db/client';
import { sectionProgress, sections } from './db/schema';

/** Marks a module read (again is harmless: the first time counts). */
export async function markSectionRead(
	db: Database,
	userId: string,
	sectionId: string,
	now = new Date()
) {
	await db.insert(sectionProgress).values({ userId, sectionId, readAt: now }).onConflictDoNothing();
}

export async function unmarkSectionRead(db: Database, userId: string, sectionId: string) {
	await db
		.delete(sectionProgress)
		.where(and(eq(sectionProgress.userId, userId), eq(sectionProgress.sectionId, sectionId)));
}

/** The ids of an article's live sections the user has read. */
export async function readSectionIds(
	db: Database,
	userId: string,
	articleId: string
): Promise<Set<string>> {
	const rows = await db
		.select({ id: sectionProgress.sectionId })
		.from(sectionProgress)
		.innerJoin(sections, eq(sections.id, sectionProgress.sectionId))
		.where(
			and(
				eq(sectionProgress.userId, userId),
				eq(sections.articleId, articleId),
				isNull(sections.archivedAt)
			)
		);
	return new Set(rows.map((r) => r.id));
}

/** Every live section the user has read, across articles. */
export async function allReadSectionIds(db: Database, userId: string): Promise<Set<string>> {
	const rows = await db
		.select({ id: sectionProgress.sectionId })
		.from(sectionProgress)
		.innerJoin(sections, eq(sections.id, sectionProgress.sectionId))
		.where(and(eq(sectionProgress.userId, userId), isNull(sections.archivedAt)));
	return new Set(rows.map((r) => r.id));
}
