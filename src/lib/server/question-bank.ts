import { asc, eq } from 'drizzle-orm';
import { mayEditArticle, type Viewer } from '../access/article';
import type { Question } from '../quiz/schema';
import type { Database } from './db/client';
import { articles, questions, sections } from './db/schema';

/**
 * An article's question bank as its editors see it. A question's `status` is what a teacher
 * reads: `suggested` (a draft no learner sees until accepted), `published` (in the quizzes),
 * `archived` (retired or discarded: kept, so past attempts keep their anchor, but asked no
 * more). The stored row holds `status` ('suggested' | 'published') and `archived_at`; archived
 * wins. `origin`: `authored` (a bank file), `generated` (a table), `suggested` (the prose),
 * `teacher` (written in the editor). `version`: the current one; every version's data stays in
 * `question_versions`, and an attempt's plan names the version it asked.
 */
export type QuestionStatus = 'suggested' | 'published' | 'archived';
export type QuestionOrigin = (typeof questions.$inferSelect)['origin'];

export interface BankQuestion {
	/** The question's id within its article (the stored key is `questionKey(articleId, id)`). */
	id: string;
	sectionId: string | null;
	/** The module's slug, or null when its section is gone. */
	section: string | null;
	status: QuestionStatus;
	origin: QuestionOrigin;
	version: number;
	position: number;
	question: Question;
}

export function statusOf(row: { status: 'suggested' | 'published'; archivedAt: Date | null }) {
	return row.archivedAt ? ('archived' as const) : row.status;
}

/** Every question of an article, whatever its status, in bank order. */
export async function listArticleQuestions(
	db: Database,
	articleId: string
): Promise<BankQuestion[]> {
	const rows = await db
		.select({
			sectionId: questions.sectionId,
			section: sections.slug,
			status: questions.status,
			archivedAt: questions.archivedAt,
			origin: questions.origin,
			version: questions.version,
			position: questions.position,
			data: questions.data
		})
		.from(questions)
		.leftJoin(sections, eq(sections.id, questions.sectionId))
		.where(eq(questions.articleId, articleId))
		.orderBy(asc(questions.position));
	return rows.map((r) => {
		const question = r.data as Question;
		return {
			id: question.id,
			sectionId: r.sectionId,
			section: r.section,
			status: statusOf(r),
			origin: r.origin,
			version: r.version,
			position: r.position,
			question
		};
	});
}

export interface EditableArticle {
	id: string;
	slug: string;
	title: string;
	status: 'published' | 'draft';
	ownerId: string | null;
}

/**
 * The article with this slug if the viewer may edit it (its owner while a teacher, or an
 * admin); undefined when there is no such article or they may not (callers answer 404 alike,
 * so a draft's existence is not disclosed).
 */
export async function findEditableArticle(
	db: Database,
	viewer: Viewer | null,
	slug: string
): Promise<EditableArticle | undefined> {
	const row = await db.query.articles.findFirst({
		columns: { id: true, slug: true, title: true, status: true, ownerId: true },
		where: eq(articles.slug, slug)
	});
	return row && mayEditArticle(viewer, row) ? row : undefined;
}
