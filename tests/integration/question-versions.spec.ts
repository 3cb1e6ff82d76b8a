// Versioned questions against a real database file (issue 12): an attempt's plan names the
// version of each question it asked, and that version — not the question as it is now — is
// what the attempt shows and is graded against, so an edit never changes an attempt already
// submitted nor one under way. A new attempt asks the current version; so does review. Learners
// are never asked, counted or reviewed on a suggestion or an archived question.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/lib/article/parse';
import { optionsOf } from '../../src/lib/quiz/parts';
import type { Question, QuestionOf } from '../../src/lib/quiz/schema';
import { gradeStoredAnswer } from '../../src/lib/quiz';
import { articleQuestions } from '../../src/lib/quiz/select';
import { importArticle, questionKey } from '../../src/lib/server/articles';
import { openAssignedQuiz } from '../../src/lib/server/assigned-quiz';
import { createAssignment, createClass, joinClass } from '../../src/lib/server/classroom';
import {
	attemptAnswers,
	attempts,
	questionVersions,
	questions as questionsTable,
	users
} from '../../src/lib/server/db/schema';
import { loadInsights } from '../../src/lib/server/gradebook';
import {
	answeredKey,
	answeredVersions,
	attemptQuestions,
	attemptResults,
	draftFormValues,
	dueReviewCount,
	evidenceInSection,
	findOwnAttempt,
	findReview,
	loadQuestions,
	nextDueReview,
	publicAttemptQuestions,
	questionCounts,
	questionsInScope,
	quizPoolSize,
	saveDraftAnswers,
	sectionQuestionCount,
	startAssignmentAttempt,
	startAttempt,
	submitAttempt
} from '../../src/lib/server/quiz';
import { responseFor, responsesFor, seedBankJson } from '../e2e/support/quiz-key';
import { freshDatabase, seedText, type TestDatabase } from './support/database';
import { measure, measuredHandle } from './support/statement-cost';

const MINUTE = 60_000;
const article = parseArticle(seedText());
/** The question the teacher edits: single choice, in the introduction. */
const EDITED = 'q-intro-origin-of-material';
const V1_ANSWER = 'Multiple outlets that published transcripts and summaries';
const V1_WRONG = 'Encrypted email threads and phone calls obtained by The Intercept';
const V2_ANSWER = 'A single archive released by the Kremlin';

let t: TestDatabase;
let articleId: string;

beforeEach(async () => {
	t = await freshDatabase();
	articleId = (await importArticle(t.db, article, articleQuestions(article, seedBankJson())))
		.articleId;
	// Every question's version 1 in question_versions, as migration 0006 backfills it and an
	// import writes it (harmless where the import already has).
	await t.client.execute(`INSERT OR IGNORE INTO question_versions (question_id, version, data)
		SELECT id, version, data FROM questions`);
});
afterEach(() => t.close());

async function addUser(name = 'Learner') {
	const id = randomUUID();
	await t.db
		.insert(users)
		.values({ id, email: `${id.slice(0, 8)}@example.org`, displayName: name });
	return id;
}

const keyOf = (id: string) => questionKey(articleId, id);
const questionRow = (id: string) =>
	t.db.query.questions.findFirst({ where: eq(questionsTable.id, keyOf(id)) });

/**
 * Edits a question as the editor does: new data, version + 1 on the question, and that
 * version's row in question_versions, written by the teacher.
 */
async function editQuestion(id: string, editorId: string, change: (q: Question) => Question) {
	const row = (await questionRow(id))!;
	const data = change(row.data as Question);
	const version = row.version + 1;
	await t.db.batch([
		t.db
			.update(questionsTable)
			.set({ data, version })
			.where(eq(questionsTable.id, keyOf(id))),
		t.db
			.insert(questionVersions)
			.values({ questionId: keyOf(id), version, data, createdById: editorId })
	]);
	return data;
}

/** Version 2 of EDITED: reworded, one option renamed, and the key moved to another option. */
const toVersion2 = (q: Question): Question => {
	const single = q as QuestionOf<'single'>;
	return {
		...single,
		text: 'Edited: where, according to the introduction, does the material come from?',
		options: single.options.map((o) => (o === V1_WRONG ? 'Leaked emails' : o)),
		answer: V2_ANSWER,
		explanation: 'Edited explanation.'
	};
};

/** Starts a whole-article attempt and reads it back as the attempt page does. */
async function begin(userId: string) {
	const id = await startAttempt(
		t.db,
		userId,
		articleId,
		'article',
		await loadQuestions(t.db, articleId)
	);
	return reread(id, userId);
}

/** The attempt as the attempt page reads it: the row, and its questions at their plan's versions. */
async function reread(attemptId: string, userId: string) {
	const attempt = (await findOwnAttempt(t.db, attemptId, userId))!;
	const inPlan = await attemptQuestions(t.db, attempt);
	return { attempt, inPlan, questions: inPlan.map((q) => q.question) };
}

const answerRows = (attemptId: string) =>
	t.db
		.select()
		.from(attemptAnswers)
		.where(eq(attemptAnswers.attemptId, attemptId))
		.orderBy(attemptAnswers.questionId);
const attemptRow = (attemptId: string) =>
	t.db.query.attempts.findFirst({ where: eq(attempts.id, attemptId) });
const find = <T extends { question: Question }>(list: T[], id: string) =>
	list.find((q) => q.question.id === id)!;

describe('an edit to a question', () => {
	it('leaves an attempt submitted on version 1 as it was: its score, its stored answers and its results, which name version 1', async () => {
		const learner = await addUser();
		const teacher = await addUser('Teacher');
		const { attempt, inPlan, questions } = await begin(learner);
		// A new plan names the version of every question it asks.
		expect(attempt.plan.questions.every((q) => q.version === 1)).toBe(true);
		const stored = (await t.db.select({ plan: attempts.plan }).from(attempts))[0]!.plan as {
			questions: { version?: number }[];
		};
		expect(stored.questions.every((q) => q.version === 1)).toBe(true);

		const n = questions.length;
		const submitted = await submitAttempt(
			t.db,
			attempt,
			inPlan,
			responsesFor(questions, new Set(['q-intro-period']))
		);
		expect(submitted).toEqual({ ok: true, alreadySubmitted: false });
		const done = await reread(attempt.id, learner);
		const before = {
			row: await attemptRow(attempt.id),
			answers: await answerRows(attempt.id),
			results: await attemptResults(t.db, done.attempt, done.inPlan)
		};
		expect(before.row).toMatchObject({ score: n - 1, maxScore: n });
		expect(find(done.inPlan, EDITED)).toMatchObject({ version: 1, currentVersion: 1 });

		const v2 = await editQuestion(EDITED, teacher, toVersion2);
		expect(await questionRow(EDITED)).toMatchObject({ version: 2, data: v2 });

		const after = await reread(attempt.id, learner);
		expect(await attemptRow(attempt.id)).toEqual(before.row);
		expect(await answerRows(attempt.id)).toEqual(before.answers);
		const results = await attemptResults(t.db, after.attempt, after.inPlan);
		// What the results show is what they showed: only the current version has moved on.
		const shown = (list: typeof results) => list.map(({ currentVersion: _, ...r }) => r);
		expect(shown(results)).toEqual(shown(before.results));
		const edited = results.find((r) => r.questionId === EDITED)!;
		expect(edited).toMatchObject({ version: 1, currentVersion: 2, correct: true });
		expect(edited.text).toBe(before.results.find((r) => r.questionId === EDITED)!.text);
		expect(edited.answerText).toEqual([V1_ANSWER]);
		expect(results.filter((r) => r.version !== r.currentVersion)).toEqual([edited]);
		// The test has teeth: graded against version 2, the same stored answer would be wrong.
		const storedAnswer = before.answers.find((a) => a.questionId === keyOf(EDITED))!;
		const regraded = gradeStoredAnswer(v2, storedAnswer.response);
		expect(regraded.ok && regraded.result.correct).toBe(false);
	});

	it('a new attempt asks version 2 and is graded against it', async () => {
		const learner = await addUser();
		const teacher = await addUser('Teacher');
		const v2 = await editQuestion(EDITED, teacher, toVersion2);
		const { attempt, inPlan, questions } = await begin(learner);
		expect(attempt.plan.questions.find((q) => q.id === EDITED)!.version).toBe(2);
		expect(find(inPlan, EDITED)).toMatchObject({ version: 2, currentVersion: 2, question: v2 });
		const shown = publicAttemptQuestions(attempt.plan, inPlan).find((q) => q.id === EDITED)!;
		expect(shown.text).toBe(v2.text);

		// Answered with version 1's key, it is wrong now.
		const v1Key = optionsOf(v2 as QuestionOf<'single'>).find((o) => o.text === V1_ANSWER)!.id;
		const responses = { ...responsesFor(questions), [EDITED]: v1Key };
		expect(await submitAttempt(t.db, attempt, inPlan, responses)).toMatchObject({ ok: true });
		const n = questions.length;
		expect(await attemptRow(attempt.id)).toMatchObject({ score: n - 1, maxScore: n });
		const answer = (await answerRows(attempt.id)).find((a) => a.questionId === keyOf(EDITED))!;
		expect(answer).toMatchObject({ correct: false, points: 0 });
		const done = await reread(attempt.id, learner);
		const result = (await attemptResults(t.db, done.attempt, done.inPlan)).find(
			(r) => r.questionId === EDITED
		)!;
		expect(result).toMatchObject({ version: 2, currentVersion: 2, answerText: [V2_ANSWER] });
	});

	it('an attempt started on version 1 and submitted after the edit is shown and graded as version 1', async () => {
		const learner = await addUser();
		const teacher = await addUser('Teacher');
		const started = await begin(learner);
		const v1 = find(started.inPlan, EDITED).question;
		const saved = await saveDraftAnswers(t.db, started.attempt, started.inPlan, {
			[EDITED]: responseFor(v1, true)
		});
		expect(saved).toEqual({ ok: true, saved: 1 });

		await editQuestion(EDITED, teacher, toVersion2);

		// Reopened, it still shows version 1, with the saved answer in place.
		const { attempt, inPlan, questions } = await reread(started.attempt.id, learner);
		expect(find(inPlan, EDITED)).toMatchObject({ version: 1, currentVersion: 2, question: v1 });
		expect(publicAttemptQuestions(attempt.plan, inPlan)).toEqual(
			publicAttemptQuestions(started.attempt.plan, started.inPlan)
		);
		expect((await draftFormValues(t.db, attempt, inPlan)).count).toBe(1);
		// All its questions at their plan's versions, read in one statement.
		const m = measuredHandle(`file:${join(t.dir, 'lectern.db')}`);
		try {
			const { result, costs } = await measure(m.client, () => attemptQuestions(m.db, attempt));
			expect(result).toEqual(inPlan);
			expect(costs).toHaveLength(1);
		} finally {
			m.client.close();
		}

		// Answered right for version 1 (which version 2 would mark wrong): full marks.
		expect(await submitAttempt(t.db, attempt, inPlan, responsesFor(questions))).toMatchObject({
			ok: true
		});
		const n = questions.length;
		expect(await attemptRow(attempt.id)).toMatchObject({ score: n, maxScore: n });
		const answer = (await answerRows(attempt.id)).find((a) => a.questionId === keyOf(EDITED))!;
		expect(answer).toMatchObject({ correct: true, points: 1 });
	});

	it('class insights read a wrong answer as the version it answered; review asks the current version', async () => {
		const teacher = await addUser('Teacher');
		const student = await addUser('Student');
		const classId = await createClass(t.db, teacher, {
			name: 'History',
			description: '',
			timeZone: 'UTC'
		});
		await joinClass(t.db, classId, student);
		const assignmentId = await createAssignment(t.db, {
			classId,
			articleId,
			sectionIds: null,
			quiz: { sectionIds: null, questionCount: null, maxAttempts: null },
			input: { dueAt: null, requireQuiz: true, passMark: 70, requireResponse: false }
		});
		const quiz = (await openAssignedQuiz(t.db, assignmentId, student, articleId))!;
		const start = await startAssignmentAttempt(t.db, {
			userId: student,
			articleId,
			assignmentId,
			inScope: quiz.pool,
			draw: quiz.drawn,
			maxAttempts: null
		});
		if (!start.ok) throw new Error('the assignment attempt did not start');
		const { attempt, inPlan, questions } = await reread(start.attemptId, student);
		// The student picks version 1's option that version 2 renames.
		const responses = responsesFor(questions, new Set([EDITED]));
		const v1 = find(inPlan, EDITED).question as QuestionOf<'single'>;
		expect(optionsOf(v1).find((o) => o.id === responses[EDITED])!.text).toBe(V1_WRONG);
		await submitAttempt(t.db, attempt, inPlan, responses);

		const v2 = await editQuestion(EDITED, teacher, toVersion2);
		const [insights] = await loadInsights(t.db, classId);
		const insight = insights!.questions.find((q) => q.questionId === EDITED)!;
		expect(insight.commonWrongAnswer).toEqual({ text: V1_WRONG, count: 1 });
		const current = await loadQuestions(t.db, articleId);
		const asAnswered = await answeredVersions(
			t.db,
			articleId,
			[
				{ attemptId: attempt.id, questionId: EDITED },
				{ attemptId: attempt.id, questionId: 'q-intro-period' }
			],
			current
		);
		expect([...asAnswered.keys()]).toEqual([answeredKey(attempt.id, EDITED)]);
		expect(asAnswered.get(answeredKey(attempt.id, EDITED))).toEqual({ version: 1, question: v1 });

		// The miss is in review, and a review is a new asking: the question as it is now.
		const later = new Date(Date.now() + 60 * MINUTE);
		expect((await nextDueReview(t.db, student, later))!.question).toEqual(v2);
		expect((await findReview(t.db, student, articleId, EDITED))!.question).toEqual(v2);
	});
});

describe('suggested and archived questions', () => {
	it('are in no quiz, count, pool or review', async () => {
		const learner = await addUser();
		const all = await loadQuestions(t.db, articleId);
		const n = all.length;
		const edited = find(all, EDITED);
		const sectionId = edited.sectionId!;
		const inSection = questionsInScope(all, sectionId);
		const sibling = inSection.find((q) => q.question.id !== EDITED)!.question.id;
		const wasInSection = await sectionQuestionCount(t.db, sectionId);
		expect(wasInSection).toBe(inSection.length);
		expect(await quizPoolSize(t.db, articleId, null)).toBe(n);
		expect((await questionCounts(t.db)).get(articleId)).toBe(n);

		// The learner misses both, so each has a review card.
		const first = await begin(learner);
		await submitAttempt(
			t.db,
			first.attempt,
			first.inPlan,
			responsesFor(first.questions, new Set([EDITED, sibling]))
		);
		const later = new Date(Date.now() + 60 * MINUTE);
		expect(await dueReviewCount(t.db, learner, later)).toBe(2);

		// One archived, one returned to the suggestions, and a new suggestion from the prose.
		await t.db
			.update(questionsTable)
			.set({ archivedAt: new Date() })
			.where(eq(questionsTable.id, keyOf(EDITED)));
		await t.db
			.update(questionsTable)
			.set({ status: 'suggested' })
			.where(eq(questionsTable.id, keyOf(sibling)));
		const suggestion = { ...edited.question, id: 'suggest-intro-origin' };
		await t.db.insert(questionsTable).values({
			id: keyOf(suggestion.id),
			articleId,
			sectionId,
			origin: 'suggested',
			status: 'suggested',
			position: n + 1,
			data: suggestion
		});
		const hidden = [EDITED, sibling, suggestion.id];

		const live = await loadQuestions(t.db, articleId);
		expect(live).toHaveLength(n - 2);
		for (const id of hidden) expect(live.some((q) => q.question.id === id)).toBe(false);
		expect(await sectionQuestionCount(t.db, sectionId)).toBe(wasInSection - 2);
		expect(await quizPoolSize(t.db, articleId, null)).toBe(n - 2);
		expect(await quizPoolSize(t.db, articleId, [sectionId])).toBe(wasInSection - 2);
		expect((await questionCounts(t.db)).get(articleId)).toBe(n - 2);
		expect(await evidenceInSection(t.db, articleId, suggestion.id, 'introduction')).toBeUndefined();

		// Not in a new attempt's plan, nor in an assignment's pool.
		const next = await begin(learner);
		expect(next.attempt.plan.questions.map((q) => q.id)).toHaveLength(n - 2);
		for (const id of hidden) {
			expect(next.attempt.plan.questions.some((q) => q.id === id)).toBe(false);
		}
		const teacher = await addUser('Teacher');
		const classId = await createClass(t.db, teacher, {
			name: 'History',
			description: '',
			timeZone: 'UTC'
		});
		await joinClass(t.db, classId, learner);
		const assignmentId = await createAssignment(t.db, {
			classId,
			articleId,
			sectionIds: null,
			quiz: { sectionIds: null, questionCount: null, maxAttempts: null },
			input: { dueAt: null, requireQuiz: true, passMark: 70, requireResponse: false }
		});
		const quiz = (await openAssignedQuiz(t.db, assignmentId, learner, articleId))!;
		expect(quiz.pool).toHaveLength(n - 2);
		expect(quiz.drawn).toBe(n - 2);

		// Nor reviewed: their cards wait, unseen and uncounted.
		expect(await dueReviewCount(t.db, learner, later)).toBe(0);
		expect(await nextDueReview(t.db, learner, later)).toBeUndefined();
		for (const id of [EDITED, sibling]) {
			expect(await findReview(t.db, learner, articleId, id)).toBeUndefined();
		}

		// The attempt that asked them keeps its score; its results leave them out, as for an
		// archived question before.
		const done = await reread(first.attempt.id, learner);
		expect(await attemptRow(first.attempt.id)).toMatchObject({ score: n - 2, maxScore: n });
		const results = await attemptResults(t.db, done.attempt, done.inPlan);
		expect(results).toHaveLength(n - 2);
	});
});
