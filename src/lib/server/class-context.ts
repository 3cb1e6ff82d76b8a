// Where a reader discusses an article: a student whose class has it assigned discusses it with
// the class, in the class's private threads; anyone else in the public ones.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { classThreadPath } from './classroom-discussion';
import type { Database } from './db/client';
import { assignments, classMembers, classes } from './db/schema';

export interface ClassContext {
	id: string;
	name: string;
}

/**
 * The class in which `userId` studies an article: one they are a student of, in use (not
 * archived), with the article assigned; the most recently assigned when several are. Read-only.
 */
export async function findClassForArticle(
	db: Database,
	userId: string,
	articleId: string
): Promise<ClassContext | undefined> {
	const [row] = await db
		.select({ id: classes.id, name: classes.name })
		.from(classMembers)
		.innerJoin(classes, eq(classes.id, classMembers.classId))
		.innerJoin(
			assignments,
			and(eq(assignments.classId, classes.id), eq(assignments.articleId, articleId))
		)
		.where(and(eq(classMembers.userId, userId), isNull(classes.archivedAt)))
		.orderBy(desc(assignments.createdAt), desc(assignments.id))
		.limit(1);
	return row;
}

/** Where prompt `n` of an article is discussed: the class's thread, or the public one. */
export function discussionPath(
	articleSlug: string,
	promptNumber: number,
	cls: Pick<ClassContext, 'id'> | undefined
): string {
	return cls
		? classThreadPath(cls.id, articleSlug, promptNumber)
		: `/lessons/${articleSlug}/discuss/${promptNumber}`;
}
