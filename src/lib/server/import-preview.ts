import { eq, inArray, sql } from 'drizzle-orm';
import { mayEditArticle, type Viewer } from '../access/article';
import type { ImportPreview } from '../article/preview';
import { matchSections } from '../article/reimport';
import { countWords } from '../article/text';
import type { Article } from '../article/types';
import { planQuestionImport } from '../quiz/reimport';
import type { Question } from '../quiz/schema';
import type { ImportedClaims } from '../marks/claims';
import { importHash, questionKey, storedQuestionStates } from './articles';
import { planClaims, suggestedCounts } from './claims-import';
import type { Database } from './db/client';
import { articles, attemptAnswers, attempts, sectionProgress, sections } from './db/schema';

/**
 * What importing this text would do, read without writing anything: the same section matching
 * and question and claim plans the importer applies (`matchSections`, `planQuestionImport`,
 * `planClaims`).
 */
export async function previewImport(
	db: Database,
	viewer: Viewer | null,
	article: Article,
	questionList: readonly Question[],
	claims?: ImportedClaims
): Promise<ImportPreview> {
	const existing = await db.query.articles.findFirst({ where: eq(articles.slug, article.slug) });
	const storedSections = existing
		? await db.query.sections.findMany({ where: eq(sections.articleId, existing.id) })
		: [];
	const plan = matchSections(storedSections, article.sections);
	const questionPlan = planQuestionImport(
		existing ? await storedQuestionStates(db, existing.id) : [],
		questionList
	);
	const perSection = new Map<string, { published: number; suggested: number }>();
	for (const step of questionPlan.steps) {
		if (step.kind === 'protected' || ('archived' in step && step.archived)) continue;
		const counts = perSection.get(step.question.evidence.section) ?? {
			published: 0,
			suggested: 0
		};
		counts[step.status]++;
		perSection.set(step.question.evidence.section, counts);
	}
	const count = (kind: string, status?: 'published' | 'suggested') =>
		questionPlan.steps.filter(
			(s) => s.kind === kind && (!status || ('status' in s && s.status === status))
		).length;

	const live = new Map(
		plan.matches.map(({ section, storedId }) => [storedId ?? `new:${section.slug}`, section])
	);
	const claimPlans = await planClaims(db, existing?.id ?? '', live, claims);

	let learnersAffected = 0;
	if (existing) {
		const touchedSections = [
			...plan.matches.filter((m) => m.change === 'changed').map((m) => m.storedId!),
			...plan.archived.map((s) => s.id)
		];
		const touchedQuestions = [
			...questionPlan.steps.filter((s) => s.kind === 'update').map((s) => s.question.id),
			...questionPlan.archive
		].map((id) => questionKey(existing.id, id));
		learnersAffected = await countLearners(db, touchedSections, touchedQuestions);
	}
	return {
		slug: article.slug,
		title: article.title,
		existing: existing ? { version: existing.version, status: existing.status } : null,
		refusal:
			existing && !mayEditArticle(viewer, existing)
				? `An article titled “${existing.title}” already exists and is not yours to change. Give your article another title (its first line).`
				: null,
		sections: plan.matches.map(({ section, change }) => ({
			slug: section.slug,
			title: section.title,
			kind: section.kind,
			change,
			words: countWords(section.blocks),
			tables: section.blocks.filter((b) => b.type === 'table').length,
			...(perSection.get(section.slug) ?? { published: 0, suggested: 0 })
		})),
		archivedSections: plan.archived.map((s) => ({ slug: s.slug, title: s.title })),
		prompts: article.prompts.map((p) => ({
			number: p.number,
			text: p.text,
			section: article.sections.find((s) => s.slug === p.sectionSlug)?.title ?? ''
		})),
		warnings: article.warnings,
		questions: {
			published: count('insert', 'published'),
			suggested: count('insert', 'suggested'),
			updated: count('update'),
			archived: questionPlan.archive.length
		},
		claims: suggestedCounts(claimPlans),
		learnersAffected,
		unchanged: existing?.contentHash === importHash(article, questionList, claims)
	};
}

async function countLearners(db: Database, sectionIds: string[], questionKeys: string[]) {
	if (!sectionIds.length && !questionKeys.length) return 0;
	const readers = db
		.select({ userId: sectionProgress.userId })
		.from(sectionProgress)
		.where(inArray(sectionProgress.sectionId, sectionIds.length ? sectionIds : ['']));
	const answerers = db
		.select({ userId: attempts.userId })
		.from(attemptAnswers)
		.innerJoin(attempts, eq(attempts.id, attemptAnswers.attemptId))
		.where(inArray(attemptAnswers.questionId, questionKeys.length ? questionKeys : ['']));
	const [row] = await db
		.select({ n: sql<number>`count(*)` })
		.from(readers.union(answerers).as('affected'));
	return row?.n ?? 0;
}
