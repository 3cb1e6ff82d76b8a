import { randomInt, randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import {
	attemptPlanSchema,
	createAttemptPlan,
	gradeAttempt,
	gradeStoredAnswer,
	isUnanswered,
	MISSING_ANSWER,
	publicQuestionsForPlan,
	responseFormValues,
	responseSchema,
	scorePercent,
	type AttemptPlan,
	type GradedAnswer,
	type Question
} from '../quiz';
import { refuse, type Refusal } from '../refusal';
import { newCard, parseReviewCard, scheduleReview, type ReviewCard } from '../review';
import { questionKey, questionsStampSql } from './articles';
import type { Database } from './db/client';
import { groupCommitOf, statementOf } from './db/group-commit';
import {
	articles,
	attemptAnswers,
	attempts,
	draftAnswers,
	questions,
	questionVersions,
	reviewCards,
	sections
} from './db/schema';

/**
 * A live question as stored: the full question (answer key included: server only) at one of its
 * versions. A question is named by its `id` within its article everywhere above this module;
 * the rows that hold answers, drafts and review cards name it by `questionKey(articleId, id)`,
 * made only here.
 */
export interface StoredQuestion {
	sectionId: string | null;
	/** The version `question` is (questions.version for a question as it is now). */
	version: number;
	question: Question;
}

/** A question as an attempt asked it: the version its plan names, and the one current now. */
export interface PlannedQuestion extends StoredQuestion {
	currentVersion: number;
}

/**
 * What learners may be asked: published (a suggestion is a draft no learner sees, counts or
 * reviews until a teacher accepts it) and not archived.
 */
const liveQuestion = () => and(eq(questions.status, 'published'), isNull(questions.archivedAt));

/** `questionsStampSql` read on its own (the readers' page cache reads it in `articleFingerprint`). */
export async function questionsStamp(db: Database, articleId: string): Promise<string> {
	const row = await db.get<{ stamp: string }>(sql`select ${questionsStampSql(articleId)} as stamp`);
	return row.stamp;
}

/** An article's live questions as they are now (their current versions), in bank order. */
export async function loadQuestions(db: Database, articleId: string): Promise<StoredQuestion[]> {
	const rows = await db
		.select({ sectionId: questions.sectionId, version: questions.version, data: questions.data })
		.from(questions)
		.where(and(eq(questions.articleId, articleId), liveQuestion()))
		.orderBy(asc(questions.position));
	return rows.map((r) => ({
		sectionId: r.sectionId,
		version: r.version,
		question: r.data as Question
	}));
}

/** The plan entry of each question a new attempt asks: its id and current version. */
const asked = (inScope: StoredQuestion[]) =>
	inScope.map((q) => ({ id: q.question.id, version: q.version }));

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
	/** The class assignment the attempt was made for, or null for practice. */
	assignmentId: string | null;
}

/** The scope of an attempt made for an assignment (its questions are the assignment's). */
export const assignmentScope = (assignmentId: string) => `assignment:${assignmentId}`;

/** Starts an attempt with a random seed that fixes question and option order. */
export async function startAttempt(
	db: Database,
	userId: string,
	articleId: string,
	scope: string,
	inScope: StoredQuestion[]
): Promise<string> {
	const id = randomUUID();
	const plan = createAttemptPlan(asked(inScope), randomInt(0, 0xffffffff));
	await db
		.insert(attempts)
		.values({ id, userId, articleId, scope, seed: plan.seed, plan, startedAt: new Date() });
	return id;
}

/**
 * The learner's unsubmitted practice attempts on an article that hold saved answers, the
 * latest per quiz scope, with how many answers each holds: what "Continue" reopens. (An
 * attempt opened and left without an answer is not worth returning to.)
 */
export async function resumableAttempts(
	db: Database,
	userId: string,
	articleId: string
): Promise<Map<string, { id: string; saved: number }>> {
	const rows = await db
		.select({
			id: attempts.id,
			scope: attempts.scope,
			saved: sql<number>`(SELECT count(*) FROM ${draftAnswers} WHERE ${draftAnswers.attemptId} = ${attempts.id})`
		})
		.from(attempts)
		.where(
			and(
				eq(attempts.userId, userId),
				eq(attempts.articleId, articleId),
				isNull(attempts.submittedAt),
				isNull(attempts.assignmentId),
				sql`EXISTS (SELECT 1 FROM ${draftAnswers} WHERE ${draftAnswers.attemptId} = ${attempts.id})`
			)
		)
		.orderBy(desc(attempts.startedAt));
	const latest = new Map<string, { id: string; saved: number }>();
	for (const r of rows)
		if (!latest.has(r.scope)) latest.set(r.scope, { id: r.id, saved: Number(r.saved) });
	return latest;
}

/** The learner's attempts for an assignment: how many were submitted, and the open one. */
export async function assignmentAttempts(db: Database, assignmentId: string, userId: string) {
	const rows = await db
		.select({
			id: attempts.id,
			submittedAt: attempts.submittedAt,
			score: attempts.score,
			maxScore: attempts.maxScore
		})
		.from(attempts)
		.where(and(eq(attempts.assignmentId, assignmentId), eq(attempts.userId, userId)))
		.orderBy(desc(attempts.startedAt));
	const percents = rows.flatMap((r) =>
		r.submittedAt === null ? [] : [scorePercent(r.score, r.maxScore)]
	);
	return {
		submitted: percents.length,
		/** The best score (0–100) so far, or null before any submitted attempt. */
		best: percents.length ? Math.max(...percents) : null,
		openId: rows.find((r) => r.submittedAt === null)?.id ?? null
	};
}

export type AssignmentStart = { ok: true; attemptId: string } | Refusal;

/**
 * Starts (or continues) the learner's attempt for an assignment: the open one if there is
 * one, else a new one drawing `draw` questions (all when null) with its own seed, unless the
 * learner has used `maxAttempts` already. One statement decides, so parallel requests never
 * open two attempts nor exceed the limit.
 */
export async function startAssignmentAttempt(
	db: Database,
	{
		userId,
		articleId,
		assignmentId,
		inScope,
		draw,
		maxAttempts
	}: {
		userId: string;
		articleId: string;
		assignmentId: string;
		inScope: StoredQuestion[];
		draw: number | null;
		maxAttempts: number | null;
	}
): Promise<AssignmentStart> {
	const id = randomUUID();
	const plan = createAttemptPlan(asked(inScope), randomInt(0, 0xffffffff), { draw });
	const mine = sql`${attempts.assignmentId} = ${assignmentId} AND ${attempts.userId} = ${userId}`;
	const limit =
		maxAttempts === null
			? sql``
			: sql` AND (SELECT count(*) FROM ${attempts} WHERE ${mine}) < ${maxAttempts}`;
	await db.run(sql`INSERT INTO ${attempts}
		(id, user_id, article_id, scope, seed, plan, started_at, assignment_id)
		SELECT ${id}, ${userId}, ${articleId}, ${assignmentScope(assignmentId)}, ${plan.seed},
			${JSON.stringify(plan)}, ${Date.now()}, ${assignmentId}
		WHERE NOT EXISTS (SELECT 1 FROM ${attempts} WHERE ${mine} AND ${attempts.submittedAt} IS NULL)${limit}`);
	const { openId } = await assignmentAttempts(db, assignmentId, userId);
	return openId
		? { ok: true, attemptId: openId }
		: refuse(409, `You have used all ${maxAttempts} attempts at this quiz.`, 'assignment');
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

/**
 * The plan's questions as they are NOW, in plan order (a question archived since is skipped).
 * Right only for a plan just made from these same questions; an attempt read back is shown
 * and graded with `attemptQuestions`, which gives the versions its plan names.
 */
export function planQuestions(plan: AttemptPlan, all: StoredQuestion[]): PlannedQuestion[] {
	const byId = new Map(all.map((q) => [q.question.id, q]));
	return plan.questions.flatMap(({ id }) => {
		const q = byId.get(id);
		return q ? [{ ...q, currentVersion: q.version }] : [];
	});
}

/**
 * An attempt's questions, in plan order, each at the version its plan names (from
 * question_versions), so an edit made after the attempt started changes neither what it shows
 * nor how it is graded. One statement for the whole plan. A question archived (or returned
 * to the suggestions) since is skipped, as it always was. Should a named version's row be
 * missing, the current data stands in for it only when it IS that version.
 */
export async function attemptQuestions(
	db: Database,
	attempt: Pick<AttemptRow, 'articleId' | 'plan'>
): Promise<PlannedQuestion[]> {
	const entries = attempt.plan.questions.map((q) => ({
		...q,
		key: questionKey(attempt.articleId, q.id)
	}));
	if (entries.length === 0) return [];
	const named = sql.join(
		entries.map((e) => sql`(${e.key}, ${e.version})`),
		sql`, `
	);
	const rows = await db
		.select({
			key: questions.id,
			sectionId: questions.sectionId,
			currentVersion: questions.version,
			currentData: questions.data,
			version: questionVersions.version,
			data: questionVersions.data
		})
		.from(questions)
		.leftJoin(
			questionVersions,
			and(
				eq(questionVersions.questionId, questions.id),
				sql`(${questionVersions.questionId}, ${questionVersions.version}) IN (VALUES ${named})`
			)
		)
		.where(
			and(
				inArray(
					questions.id,
					entries.map((e) => e.key)
				),
				liveQuestion()
			)
		);
	const byKey = new Map(rows.map((r) => [r.key, r]));
	return entries.flatMap((e): PlannedQuestion[] => {
		const row = byKey.get(e.key);
		if (!row) return [];
		const data =
			row.version === e.version
				? row.data
				: row.currentVersion === e.version
					? row.currentData
					: undefined;
		if (data == null) return [];
		return [
			{
				sectionId: row.sectionId,
				version: e.version,
				currentVersion: row.currentVersion,
				question: data as Question
			}
		];
	});
}

/**
 * For answers given to questions edited since, the question as it was answered (the version
 * the attempt's plan names), keyed by `answeredKey(attemptId, questionId)`; answers to a
 * question still at the version they answered are left out (use the current data). `current`
 * is the article's questions as `loadQuestions` gives them. No statement at all while none of
 * them has been edited; else one for the plans and one for the versions.
 */
export async function answeredVersions(
	db: Database,
	articleId: string,
	answers: readonly { attemptId: string; questionId: string }[],
	current: readonly StoredQuestion[]
): Promise<Map<string, { version: number; question: Question }>> {
	const currentVersion = new Map(current.map((q) => [q.question.id, q.version]));
	// Versions only grow, and a question at version 1 was never edited.
	const edited = answers.filter((a) => (currentVersion.get(a.questionId) ?? 1) > 1);
	const found = new Map<string, { version: number; question: Question }>();
	if (edited.length === 0) return found;
	const plans = await db
		.select({ id: attempts.id, plan: attempts.plan })
		.from(attempts)
		.where(inArray(attempts.id, [...new Set(edited.map((a) => a.attemptId))]));
	const versionIn = new Map<string, number>();
	for (const row of plans) {
		const plan = attemptPlanSchema.safeParse(row.plan);
		if (!plan.success) continue;
		for (const q of plan.data.questions) versionIn.set(answeredKey(row.id, q.id), q.version);
	}
	const wanted = edited.flatMap((a) => {
		const version = versionIn.get(answeredKey(a.attemptId, a.questionId));
		return version === undefined || version === currentVersion.get(a.questionId)
			? []
			: [{ ...a, key: questionKey(articleId, a.questionId), version }];
	});
	if (wanted.length === 0) return found;
	const pair = (key: string, version: number) => `${key}@${version}`;
	const pairs = new Map(wanted.map((w) => [pair(w.key, w.version), w]));
	const rows = await db
		.select({
			key: questionVersions.questionId,
			version: questionVersions.version,
			data: questionVersions.data
		})
		.from(questionVersions)
		.where(
			sql`(${questionVersions.questionId}, ${questionVersions.version}) IN (VALUES ${sql.join(
				[...pairs.values()].map((w) => sql`(${w.key}, ${w.version})`),
				sql`, `
			)})`
		);
	const data = new Map(rows.map((r) => [pair(r.key, r.version), r.data as Question]));
	for (const w of wanted) {
		const question = data.get(pair(w.key, w.version));
		if (question)
			found.set(answeredKey(w.attemptId, w.questionId), { version: w.version, question });
	}
	return found;
}

/** The key of one answer in `answeredVersions`' map. */
export const answeredKey = (attemptId: string, questionId: string) =>
	`${attemptId}\u0000${questionId}`;

/** What the browser may see of an unsubmitted attempt: no answers of any kind. */
export function publicAttemptQuestions(plan: AttemptPlan, inPlan: StoredQuestion[]) {
	const known = new Set(inPlan.map((q) => q.question.id));
	return publicQuestionsForPlan(
		{ ...plan, questions: plan.questions.filter((q) => known.has(q.id)) },
		inPlan.map((q) => q.question)
	);
}

export { NOT_IN_ATTEMPT } from '../quiz';

export type SubmitResult =
	| { ok: true; alreadySubmitted: boolean }
	| { ok: false; errors: Record<string, string>; unanswered: string[] };

/**
 * Grades and stores an attempt exactly once: the first submission wins (a repeat changes
 * nothing). Blank questions count as wrong once the learner has confirmed that many
 * (`confirmedUnanswered`); until then the submission comes back with them listed in
 * `unanswered` and nothing is graded. Every miss enters the learner's review queue; the
 * attempt's saved drafts go.
 */
export async function submitAttempt(
	db: Database,
	attempt: AttemptRow,
	inPlan: StoredQuestion[],
	responses: unknown,
	now = new Date(),
	{ confirmedUnanswered = 0 }: { confirmedUnanswered?: number } = {}
): Promise<SubmitResult> {
	if (attempt.submittedAt) return { ok: true, alreadySubmitted: true };
	// An answer to a question this attempt does not hold (a stale or forged form): the grader
	// refuses it like any other bad answer.
	const graded = gradeAttempt(
		inPlan.map((q) => q.question),
		responses,
		{ unanswered: 'wrong', others: 'refuse' }
	);
	const unconfirmed = graded.unanswered.length > confirmedUnanswered;
	if (!graded.ok || unconfirmed) {
		const errors: Record<string, string> = graded.ok ? {} : { ...graded.errors };
		// Until confirmed, each blank question says so beside it.
		if (unconfirmed) for (const id of graded.unanswered) errors[id] = MISSING_ANSWER;
		return { ok: false, errors, unanswered: graded.unanswered };
	}
	const keyOf = (questionId: string) => questionKey(attempt.articleId, questionId);
	const missed = graded.results.filter((r) => !r.correct).map((r) => keyOf(r.questionId));
	const cards = await cardsAfterMisses(db, attempt.userId, missed, now);
	const at = now.getTime();
	// One unit of the group commit (src/lib/server/db/group-commit.ts): all or nothing, in a
	// transaction shared with the submissions that arrive at the same moment, acknowledged once
	// durable. The first submission claims the attempt; the rows after the claim are written
	// only by the unit that claimed it — the one that found the attempt stamped with its own
	// time and no answers yet.
	const claimedHere = sql`NOT EXISTS (SELECT 1 FROM attempt_answers WHERE attempt_id = ${attempt.id})
		AND EXISTS (SELECT 1 FROM attempts WHERE id = ${attempt.id} AND submitted_at = ${at})`;
	const statements = [
		statementOf(
			db
				.update(attempts)
				.set({ submittedAt: now, score: graded.score.points, maxScore: graded.score.maxPoints })
				.where(and(eq(attempts.id, attempt.id), isNull(attempts.submittedAt)))
				.returning({ id: attempts.id })
		)
	];
	if (cards.length) {
		const rows = cards.map(
			({ key, card }) =>
				sql`(${attempt.userId}, ${key}, ${JSON.stringify(card)}, ${Date.parse(card.due)})`
		);
		statements.push(
			statementOf(sql`INSERT INTO review_cards (user_id, question_id, card, due_at)
				SELECT column1, column2, column3, column4 FROM (VALUES ${sql.join(rows, sql`, `)})
				WHERE ${claimedHere}
				ON CONFLICT (user_id, question_id) DO UPDATE SET card = excluded.card, due_at = excluded.due_at`)
		);
	}
	if (graded.results.length) {
		const rows = graded.results.map(
			(r) =>
				sql`(${attempt.id}, ${keyOf(r.questionId)}, ${JSON.stringify(r.response)}, ${r.correct ? 1 : 0}, ${r.points})`
		);
		statements.push(
			statementOf(sql`INSERT INTO attempt_answers (attempt_id, question_id, response, correct, points)
				SELECT column1, column2, column3, column4, column5 FROM (VALUES ${sql.join(rows, sql`, `)})
				WHERE ${claimedHere}`)
		);
	}
	statements.push(
		statementOf(sql`DELETE FROM draft_answers WHERE attempt_id = ${attempt.id}
			AND EXISTS (SELECT 1 FROM attempts WHERE id = ${attempt.id} AND submitted_at = ${at})`)
	);
	const [claim] = await groupCommitOf(db).run(statements);
	return { ok: true, alreadySubmitted: claim!.rows.length === 0 };
}

/** Saved; or answers that could not be saved, each with its message; or refused whole. */
export type SaveResult =
	| { ok: true; saved: number }
	| { ok: false; status: 400; errors: Record<string, string> }
	| Refusal;

/** What a save says when the attempt was submitted meanwhile (another tab, a double click). */
export const ALREADY_SUBMITTED = 'This quiz has been submitted already: see your results.';

/**
 * Saves the answers given so far against an open attempt, so a reload or a later sitting
 * finds them: each usable answer replaces the question's draft, a blank question loses its
 * draft, and an unusable answer (too long, an unknown option) is left unsaved with a message.
 * Nothing is written once the attempt is submitted.
 */
export async function saveDraftAnswers(
	db: Database,
	attempt: AttemptRow,
	inPlan: StoredQuestion[],
	responses: Record<string, unknown>,
	now = new Date()
): Promise<SaveResult> {
	if (attempt.submittedAt) return refuse(409, ALREADY_SUBMITTED);
	const errors: Record<string, string> = {};
	const save: { key: string; response: unknown }[] = [];
	const blank: string[] = [];
	for (const q of inPlan) {
		const key = questionKey(attempt.articleId, q.question.id);
		const raw = Object.hasOwn(responses, q.question.id) ? responses[q.question.id] : undefined;
		if (isUnanswered(raw)) {
			blank.push(key);
			continue;
		}
		const parsed = responseSchema(q.question).safeParse(raw);
		if (parsed.success) save.push({ key, response: parsed.data });
		else errors[q.question.id] = parsed.error.issues[0]?.message ?? 'Check this answer.';
	}
	const open = sql`EXISTS (SELECT 1 FROM attempts WHERE id = ${attempt.id} AND submitted_at IS NULL)`;
	// A unit of the group commit, like a submission: drafts saved at the same moment share a commit.
	const statements = [
		statementOf(
			db
				.select({ id: attempts.id })
				.from(attempts)
				.where(and(eq(attempts.id, attempt.id), isNull(attempts.submittedAt)))
		)
	];
	if (blank.length) {
		statements.push(
			statementOf(sql`DELETE FROM draft_answers WHERE attempt_id = ${attempt.id}
				AND question_id IN (${sql.join(
					blank.map((k) => sql`${k}`),
					sql`, `
				)})`)
		);
	}
	if (save.length) {
		const rows = save.map(
			(d) => sql`(${attempt.id}, ${d.key}, ${JSON.stringify(d.response)}, ${now.getTime()})`
		);
		statements.push(
			statementOf(sql`INSERT INTO draft_answers (attempt_id, question_id, response, saved_at)
				SELECT column1, column2, column3, column4 FROM (VALUES ${sql.join(rows, sql`, `)})
				WHERE ${open}
				ON CONFLICT (attempt_id, question_id) DO UPDATE SET response = excluded.response, saved_at = excluded.saved_at`)
		);
	}
	const [stillOpen] = await groupCommitOf(db).run(statements);
	if (stillOpen!.rows.length === 0) {
		return refuse(409, ALREADY_SUBMITTED);
	}
	if (Object.keys(errors).length > 0) return { ok: false, status: 400, errors };
	return { ok: true, saved: save.length };
}

/**
 * The answers saved against an open attempt, as the quiz form's field values. A draft that no
 * longer fits its question (the question was edited since) is left out.
 */
export async function draftFormValues(
	db: Database,
	attempt: AttemptRow,
	inPlan: StoredQuestion[]
): Promise<{ values: Record<string, string | string[]>; count: number }> {
	const rows = await db
		.select({ key: draftAnswers.questionId, response: draftAnswers.response })
		.from(draftAnswers)
		.where(eq(draftAnswers.attemptId, attempt.id));
	const byKey = new Map(rows.map((r) => [r.key, r.response]));
	const values: Record<string, string | string[]> = Object.create(null);
	let count = 0;
	for (const q of inPlan) {
		const key = questionKey(attempt.articleId, q.question.id);
		if (!byKey.has(key)) continue;
		const parsed = responseSchema(q.question).safeParse(byKey.get(key));
		if (!parsed.success) continue;
		Object.assign(values, responseFormValues(q.question, parsed.data));
		count++;
	}
	return { values, count };
}

/**
 * The review cards after these misses: a missed question is due again within minutes; one
 * already in review is treated as a lapse of its card.
 */
async function cardsAfterMisses(db: Database, userId: string, keys: string[], now: Date) {
	if (keys.length === 0) return [];
	const existing = await db
		.select({ key: reviewCards.questionId, card: reviewCards.card })
		.from(reviewCards)
		.where(and(eq(reviewCards.userId, userId), inArray(reviewCards.questionId, keys)));
	const byKey = new Map(existing.map((e) => [e.key, e.card]));
	return keys.map((key) => {
		const stored = byKey.get(key);
		const card = stored === undefined ? newCard(now) : parseReviewCard(JSON.stringify(stored));
		return { key, card: scheduleReview(card, false, now) };
	});
}

async function storeCard(db: Database, userId: string, questionKey: string, card: ReviewCard) {
	const dueAt = new Date(card.due);
	await db
		.insert(reviewCards)
		.values({ userId, questionId: questionKey, card, dueAt })
		.onConflictDoUpdate({
			target: [reviewCards.userId, reviewCards.questionId],
			set: { card, dueAt }
		});
}

/** A graded answer with the version of the question it answered and the version current now. */
export type AttemptResult = GradedAnswer & { version: number; currentVersion: number };

/**
 * The graded answers of a submitted attempt, in plan order, re-graded from what was stored
 * against the questions as the attempt asked them (`attemptQuestions`): each names the version
 * it answered and the one current now.
 */
export async function attemptResults(
	db: Database,
	attempt: AttemptRow,
	inPlan: PlannedQuestion[]
): Promise<AttemptResult[]> {
	const stored = await db
		.select({ questionId: attemptAnswers.questionId, response: attemptAnswers.response })
		.from(attemptAnswers)
		.where(eq(attemptAnswers.attemptId, attempt.id));
	const byKey = new Map(stored.map((s) => [s.questionId, s.response]));
	return inPlan.flatMap((q) => {
		const key = questionKey(attempt.articleId, q.question.id);
		if (!byKey.has(key)) return [];
		const graded = gradeStoredAnswer(q.question, byKey.get(key));
		return graded.ok
			? [{ ...graded.result, version: q.version, currentVersion: q.currentVersion }]
			: [];
	});
}

export interface AttemptSummary {
	id: string;
	scope: string;
	assignmentId: string | null;
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
		assignmentId: r.assignmentId,
		submittedAt: r.submittedAt!,
		score: r.score ?? 0,
		maxScore: r.maxScore ?? 0,
		percent: Math.round(scorePercent(r.score, r.maxScore))
	}));
}

/** The best score per practice quiz scope: the one that counts (assignments count apart). */
export function bestByScope(history: AttemptSummary[]): Map<string, AttemptSummary> {
	const best = new Map<string, AttemptSummary>();
	for (const a of history) {
		if (a.assignmentId !== null) continue;
		const current = best.get(a.scope);
		if (!current || a.percent > current.percent) best.set(a.scope, a);
	}
	return best;
}

// Spaced review ------------------------------------------------------------------------
// A review is a new asking: it asks the question as it is now (questions.data, the current
// version), not the version of the attempt whose miss put it in the queue. Only live questions
// are reviewed: a card whose question is archived (or a suggestion) waits unseen and uncounted.

export async function dueReviewCount(
	db: Database,
	userId: string,
	now = new Date()
): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(reviewCards)
		.innerJoin(questions, eq(questions.id, reviewCards.questionId))
		.where(and(eq(reviewCards.userId, userId), lte(reviewCards.dueAt, now), liveQuestion()));
	return row?.n ?? 0;
}

export interface DueReview {
	articleId: string;
	question: Question;
	card: ReviewCard;
}

const dueReviewColumns = {
	articleId: questions.articleId,
	data: questions.data,
	card: reviewCards.card
};

function dueReview(row: { articleId: string; data: unknown; card: unknown }): DueReview {
	return {
		articleId: row.articleId,
		question: row.data as Question,
		card: parseReviewCard(JSON.stringify(row.card))
	};
}

/** The question most overdue for this learner, if any is due. */
export async function nextDueReview(
	db: Database,
	userId: string,
	now = new Date()
): Promise<DueReview | undefined> {
	const [row] = await db
		.select(dueReviewColumns)
		.from(reviewCards)
		.innerJoin(questions, eq(questions.id, reviewCards.questionId))
		.where(and(eq(reviewCards.userId, userId), lte(reviewCards.dueAt, now), liveQuestion()))
		.orderBy(asc(reviewCards.dueAt))
		.limit(1);
	return row && dueReview(row);
}

/** This learner's review card of a question (by its article and its id there). */
export async function findReview(
	db: Database,
	userId: string,
	articleId: string,
	questionId: string
): Promise<DueReview | undefined> {
	const [row] = await db
		.select(dueReviewColumns)
		.from(reviewCards)
		.innerJoin(questions, eq(questions.id, reviewCards.questionId))
		.where(
			and(
				eq(reviewCards.userId, userId),
				eq(reviewCards.questionId, questionKey(articleId, questionId)),
				liveQuestion()
			)
		);
	return row && dueReview(row);
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
	await storeCard(db, userId, questionKey(review.articleId, review.question.id), card);
	return card;
}

/** Option order for a review question: stable for one review, different the next time. */
export function reviewOptionSeed(userId: string, review: DueReview): number {
	let h = 2166136261;
	const key = questionKey(review.articleId, review.question.id);
	for (const ch of `${userId}:${key}:${review.card.reps}`)
		h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
	return h >>> 0;
}

/** How many live questions a quiz on these modules (null: the whole article) has. */
export async function quizPoolSize(
	db: Database,
	articleId: string,
	sectionIds: readonly string[] | null
): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(questions)
		.where(
			and(
				eq(questions.articleId, articleId),
				liveQuestion(),
				sectionIds === null ? undefined : inArray(questions.sectionId, [...sectionIds])
			)
		);
	return row?.n ?? 0;
}

/** How many live questions a module's quiz has. */
export async function sectionQuestionCount(db: Database, sectionId: string): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(questions)
		.where(and(eq(questions.sectionId, sectionId), liveQuestion()));
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
		where: and(eq(questions.id, questionKey(articleId, questionId)), liveQuestion())
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
		.where(liveQuestion())
		.groupBy(questions.articleId);
	return new Map(rows.map((r) => [r.articleId, r.n]));
}
