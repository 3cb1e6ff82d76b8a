import { randomInt, randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, isNotNull, isNull, lte } from 'drizzle-orm';
import {
	attemptPlanSchema,
	createAttemptPlan,
	gradeAnswer,
	gradeAttempt,
	publicQuestionsForPlan,
	type AttemptPlan,
	type GradedAnswer,
	type Question
} from '../quiz';
import { newCard, parseReviewCard, scheduleReview, type ReviewCard } from '../review';
import { questionKey } from './articles';
import type { Database } from './db/client';
import { articles, attemptAnswers, attempts, questions, reviewCards, sections } from './db/schema';

/** A live question as stored: the full question (answer key included: server only). */
export interface StoredQuestion {
	key: string;
	sectionId: string | null;
	question: Question;
}

export async function loadQuestions(db: Database, articleId: string): Promise<StoredQuestion[]> {
	const rows = await db
		.select({ key: questions.id, sectionId: questions.sectionId, data: questions.data })
		.from(questions)
		.where(and(eq(questions.articleId, articleId), isNull(questions.archivedAt)))
		.orderBy(asc(questions.position));
	return rows.map((r) => ({ key: r.key, sectionId: r.sectionId, question: r.data as Question }));
}

/** The questions of a quiz: the whole article (`scope` 'article') or one module (a section id). */
export function questionsInScope(all: StoredQuestion[], scope: string): StoredQuestion[] {
	return scope === 'article' ? all : all.filter((q) => q.sectionId === scope);
}

export interface AttemptRow {
	id: string;
	userId: string;
	articleId: string;
	scope: string;
	plan: AttemptPlan;
	startedAt: Date;
	submittedAt: Date | null;
	score: number | null;
	maxScore: number | null;
}

/** Starts an attempt with a random seed that fixes question and option order. */
export async function startAttempt(
	db: Database,
	userId: string,
	articleId: string,
	scope: string,
	inScope: StoredQuestion[]
): Promise<string> {
	const id = randomUUID();
	const plan = createAttemptPlan(
		inScope.map((q) => q.question.id),
		randomInt(0, 0xffffffff)
	);
	await db
		.insert(attempts)
		.values({ id, userId, articleId, scope, seed: plan.seed, plan, startedAt: new Date() });
	return id;
}

/** An attempt, only for its owner (anyone else gets nothing, as if it did not exist). */
export async function findOwnAttempt(
	db: Database,
	attemptId: string,
	userId: string
): Promise<AttemptRow | undefined> {
	const row = await db.query.attempts.findFirst({
		where: and(eq(attempts.id, attemptId), eq(attempts.userId, userId))
	});
	return row ? { ...row, plan: attemptPlanSchema.parse(row.plan) } : undefined;
}

/** The attempt's questions, in plan order (a question archived since is skipped). */
export function planQuestions(plan: AttemptPlan, all: StoredQuestion[]): StoredQuestion[] {
	const byId = new Map(all.map((q) => [q.question.id, q]));
	return plan.questions.flatMap(({ id }) => byId.get(id) ?? []);
}

/** What the browser may see of an unsubmitted attempt: no answers of any kind. */
export function publicAttemptQuestions(plan: AttemptPlan, inPlan: StoredQuestion[]) {
	const known = new Set(inPlan.map((q) => q.question.id));
	return publicQuestionsForPlan(
		{ ...plan, questions: plan.questions.filter((q) => known.has(q.id)) },
		inPlan.map((q) => q.question)
	);
}

export type SubmitResult =
	{ ok: true; alreadySubmitted: boolean } | { ok: false; errors: Record<string, string> };

/**
 * Grades and stores an attempt exactly once: the first submission wins (a repeat changes
 * nothing). Every miss enters the learner's review queue.
 */
export async function submitAttempt(
	db: Database,
	attempt: AttemptRow,
	inPlan: StoredQuestion[],
	responses: unknown,
	now = new Date()
): Promise<SubmitResult> {
	if (attempt.submittedAt) return { ok: true, alreadySubmitted: true };
	const graded = gradeAttempt(
		inPlan.map((q) => q.question),
		responses
	);
	if (!graded.ok) return { ok: false, errors: graded.errors };
	const keyOf = new Map(inPlan.map((q) => [q.question.id, q.key]));
	return db.transaction(async (tx) => {
		const claimed = await tx
			.update(attempts)
			.set({ submittedAt: now, score: graded.score.points, maxScore: graded.score.maxPoints })
			.where(and(eq(attempts.id, attempt.id), isNull(attempts.submittedAt)))
			.returning({ id: attempts.id });
		if (claimed.length === 0) return { ok: true, alreadySubmitted: true } as const;
		if (graded.results.length) {
			await tx.insert(attemptAnswers).values(
				graded.results.map((r) => ({
					attemptId: attempt.id,
					questionId: keyOf.get(r.questionId)!,
					response: r.response,
					correct: r.correct,
					points: r.points
				}))
			);
		}
		for (const miss of graded.results.filter((r) => !r.correct)) {
			await recordMiss(tx, attempt.userId, keyOf.get(miss.questionId)!, now);
		}
		return { ok: true, alreadySubmitted: false } as const;
	});
}

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** A missed question is due again soon; one already in review is treated as a lapse. */
async function recordMiss(tx: Tx, userId: string, questionKey: string, now: Date) {
	const existing = await tx.query.reviewCards.findFirst({
		where: and(eq(reviewCards.userId, userId), eq(reviewCards.questionId, questionKey))
	});
	const card = scheduleReview(
		existing ? parseReviewCard(JSON.stringify(existing.card)) : newCard(now),
		false,
		now
	);
	await storeCard(tx, userId, questionKey, card);
}

async function storeCard(db: Tx | Database, userId: string, questionKey: string, card: ReviewCard) {
	const dueAt = new Date(card.due);
	await db
		.insert(reviewCards)
		.values({ userId, questionId: questionKey, card, dueAt })
		.onConflictDoUpdate({
			target: [reviewCards.userId, reviewCards.questionId],
			set: { card, dueAt }
		});
}

/** The graded answers of a submitted attempt, in plan order, re-graded from what was stored. */
export async function attemptResults(
	db: Database,
	attempt: AttemptRow,
	inPlan: StoredQuestion[]
): Promise<GradedAnswer[]> {
	const stored = await db
		.select({ questionId: attemptAnswers.questionId, response: attemptAnswers.response })
		.from(attemptAnswers)
		.where(eq(attemptAnswers.attemptId, attempt.id));
	const byKey = new Map(stored.map((s) => [s.questionId, s.response]));
	return inPlan.flatMap((q) => {
		if (!byKey.has(q.key)) return [];
		const graded = gradeAnswer(q.question, byKey.get(q.key));
		return graded.ok ? [graded.result] : [];
	});
}

export interface AttemptSummary {
	id: string;
	scope: string;
	submittedAt: Date;
	score: number;
	maxScore: number;
	percent: number;
}

/** A learner's submitted attempts on an article, newest first. */
export async function attemptHistory(
	db: Database,
	userId: string,
	articleId: string
): Promise<AttemptSummary[]> {
	const rows = await db
		.select()
		.from(attempts)
		.where(
			and(
				eq(attempts.userId, userId),
				eq(attempts.articleId, articleId),
				isNotNull(attempts.submittedAt)
			)
		)
		.orderBy(desc(attempts.submittedAt));
	return rows.map((r) => ({
		id: r.id,
		scope: r.scope,
		submittedAt: r.submittedAt!,
		score: r.score ?? 0,
		maxScore: r.maxScore ?? 0,
		percent: r.maxScore ? Math.round(((r.score ?? 0) / r.maxScore) * 100) : 0
	}));
}

/** The best score per quiz scope: the one that counts. */
export function bestByScope(history: AttemptSummary[]): Map<string, AttemptSummary> {
	const best = new Map<string, AttemptSummary>();
	for (const a of history) {
		const current = best.get(a.scope);
		if (!current || a.percent > current.percent) best.set(a.scope, a);
	}
	return best;
}

// Spaced review ------------------------------------------------------------------------

export async function dueReviewCount(
	db: Database,
	userId: string,
	now = new Date()
): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(reviewCards)
		.innerJoin(questions, eq(questions.id, reviewCards.questionId))
		.where(
			and(eq(reviewCards.userId, userId), lte(reviewCards.dueAt, now), isNull(questions.archivedAt))
		);
	return row?.n ?? 0;
}

export interface DueReview {
	key: string;
	articleId: string;
	question: Question;
	card: ReviewCard;
}

/** The question most overdue for this learner, if any is due. */
export async function nextDueReview(
	db: Database,
	userId: string,
	now = new Date()
): Promise<DueReview | undefined> {
	const [row] = await db
		.select({
			key: questions.id,
			articleId: questions.articleId,
			data: questions.data,
			card: reviewCards.card
		})
		.from(reviewCards)
		.innerJoin(questions, eq(questions.id, reviewCards.questionId))
		.where(
			and(eq(reviewCards.userId, userId), lte(reviewCards.dueAt, now), isNull(questions.archivedAt))
		)
		.orderBy(asc(reviewCards.dueAt))
		.limit(1);
	if (!row) return undefined;
	return {
		key: row.key,
		articleId: row.articleId,
		question: row.data as Question,
		card: parseReviewCard(JSON.stringify(row.card))
	};
}

/** A review card of this learner by its question key. */
export async function findReview(
	db: Database,
	userId: string,
	key: string
): Promise<DueReview | undefined> {
	const [row] = await db
		.select({
			key: questions.id,
			articleId: questions.articleId,
			data: questions.data,
			card: reviewCards.card
		})
		.from(reviewCards)
		.innerJoin(questions, eq(questions.id, reviewCards.questionId))
		.where(
			and(
				eq(reviewCards.userId, userId),
				eq(reviewCards.questionId, key),
				isNull(questions.archivedAt)
			)
		);
	if (!row) return undefined;
	return {
		key: row.key,
		articleId: row.articleId,
		question: row.data as Question,
		card: parseReviewCard(JSON.stringify(row.card))
	};
}

/** Reschedules a review from the learner's answer. */
export async function answerReview(
	db: Database,
	userId: string,
	review: DueReview,
	correct: boolean,
	now = new Date()
) {
	const card = scheduleReview(review.card, correct, now);
	await storeCard(db, userId, review.key, card);
	return card;
}

/** Option order for a review question: stable for one review, different the next time. */
export function reviewOptionSeed(userId: string, review: DueReview): number {
	let h = 2166136261;
	for (const ch of `${userId}:${review.key}:${review.card.reps}`)
		h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
	return h >>> 0;
}

/** How many live questions a module's quiz has. */
export async function sectionQuestionCount(db: Database, sectionId: string): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(questions)
		.where(and(eq(questions.sectionId, sectionId), isNull(questions.archivedAt)));
	return row?.n ?? 0;
}

/** The evidence quotation of a question, when it lies in the given section. */
export async function evidenceInSection(
	db: Database,
	articleId: string,
	questionId: string,
	sectionSlug: string
) {
	const row = await db.query.questions.findFirst({
		columns: { data: true },
		where: and(eq(questions.id, questionKey(articleId, questionId)), isNull(questions.archivedAt))
	});
	const question = row?.data as Question | undefined;
	return question && question.evidence.section === sectionSlug
		? question.evidence.quote
		: undefined;
}

/** The article and module a question's evidence stands in, for a "re-read" link. */
export async function evidencePlace(db: Database, articleId: string, sectionSlug: string) {
	const [place] = await db
		.select({ article: articles.slug, section: sections.slug, title: sections.title })
		.from(articles)
		.innerJoin(
			sections,
			and(
				eq(sections.articleId, articles.id),
				eq(sections.slug, sectionSlug),
				isNull(sections.archivedAt)
			)
		)
		.where(eq(articles.id, articleId));
	return place;
}

/** Live question counts per article. */
export async function questionCounts(db: Database): Promise<Map<string, number>> {
	const rows = await db
		.select({ articleId: questions.articleId, n: count() })
		.from(questions)
		.where(isNull(questions.archivedAt))
		.groupBy(questions.articleId);
	return new Map(rows.map((r) => [r.articleId, r.n]));
}
