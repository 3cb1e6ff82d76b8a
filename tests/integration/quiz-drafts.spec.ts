// Answers saved while an attempt is open, and an assignment's attempts, against a real database
// file: drafts replace one another and go when the attempt is submitted (a save after that
// writes nothing); parallel starts never open two attempts nor pass the assignment's limit.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/lib/article/parse';
import { articleQuestions } from '../../src/lib/quiz/select';
import { importArticle } from '../../src/lib/server/articles';
import { createAssignment, createClass, joinClass } from '../../src/lib/server/classroom';
import { openAssignedQuiz } from '../../src/lib/server/assigned-quiz';
import { attempts, draftAnswers, users } from '../../src/lib/server/db/schema';
import {
	draftFormValues,
	findOwnAttempt,
	loadQuestions,
	planQuestions,
	saveDraftAnswers,
	startAssignmentAttempt,
	startAttempt,
	submitAttempt
} from '../../src/lib/server/quiz';
import { responseFor, responsesFor, seedBankJson } from '../e2e/support/quiz-key';
import { freshDatabase, seedText, type TestDatabase } from './support/database';

const article = parseArticle(seedText());
let t: TestDatabase;
let articleId: string;

beforeEach(async () => {
	t = await freshDatabase();
	articleId = (await importArticle(t.db, article, articleQuestions(article, seedBankJson())))
		.articleId;
});
afterEach(() => t.close());

async function addUser(name = 'Learner') {
	const id = randomUUID();
	await t.db
		.insert(users)
		.values({ id, email: `${id.slice(0, 8)}@example.org`, displayName: name });
	return id;
}

async function openAttempt(userId: string) {
	const all = await loadQuestions(t.db, articleId);
	const id = await startAttempt(t.db, userId, articleId, 'article', all);
	const attempt = (await findOwnAttempt(t.db, id, userId))!;
	const inPlan = planQuestions(attempt.plan, all);
	return { attempt, inPlan, questions: inPlan.map((q) => q.question) };
}

const drafts = (attemptId: string) =>
	t.db.select().from(draftAnswers).where(eq(draftAnswers.attemptId, attemptId));

describe('draft answers', () => {
	it('saves usable answers, replaces them, forgets a blanked one, refuses an unusable one beside it', async () => {
		const user = await addUser();
		const { attempt, inPlan, questions } = await openAttempt(user);
		const [a, b, c] = questions;
		expect(
			await saveDraftAnswers(t.db, attempt, inPlan, {
				[a!.id]: responseFor(a!, true),
				[b!.id]: responseFor(b!, false)
			})
		).toEqual({ ok: true, saved: 2 });
		expect(await drafts(attempt.id)).toHaveLength(2);

		// B changes to right, A is blanked, C is unusable: A's draft goes, C is not saved.
		const result = await saveDraftAnswers(t.db, attempt, inPlan, {
			[a!.id]: '',
			[b!.id]: responseFor(b!, true),
			[c!.id]: { nonsense: true }
		});
		expect(result).toMatchObject({ ok: false, status: 400 });
		expect(Object.keys((result as { errors: object }).errors)).toEqual([c!.id]);
		const rows = await drafts(attempt.id);
		expect(rows).toHaveLength(1);
		// What comes back refills the form with B's right answer.
		const { values, count } = await draftFormValues(t.db, attempt, inPlan);
		expect(count).toBe(1);
		expect(Object.keys(values).every((name) => name.split('.')[0] === b!.id)).toBe(true);
	});

	it('goes when the attempt is submitted, and a save after that writes nothing', async () => {
		const user = await addUser();
		const { attempt, inPlan, questions } = await openAttempt(user);
		await saveDraftAnswers(t.db, attempt, inPlan, responsesFor(questions.slice(0, 5)));
		expect(await drafts(attempt.id)).toHaveLength(5);
		expect(await submitAttempt(t.db, attempt, inPlan, responsesFor(questions))).toEqual({
			ok: true,
			alreadySubmitted: false
		});
		expect(await drafts(attempt.id)).toHaveLength(0);
		// The page loaded before the submission still posts a save.
		expect(await saveDraftAnswers(t.db, attempt, inPlan, responsesFor(questions))).toMatchObject({
			ok: false,
			status: 409
		});
		expect(await drafts(attempt.id)).toHaveLength(0);
	});

	it('refuses blanks until the learner confirms that many, then grades them wrong', async () => {
		const user = await addUser();
		const { attempt, inPlan, questions } = await openAttempt(user);
		const given = responsesFor(questions.slice(2));
		const asked = await submitAttempt(t.db, attempt, inPlan, given);
		expect(asked).toMatchObject({ ok: false, unanswered: [questions[0]!.id, questions[1]!.id] });
		// Confirming fewer blanks than there are is not enough.
		expect(
			await submitAttempt(t.db, attempt, inPlan, given, new Date(), { confirmedUnanswered: 1 })
		).toMatchObject({ ok: false });
		expect(
			await submitAttempt(t.db, attempt, inPlan, given, new Date(), { confirmedUnanswered: 2 })
		).toEqual({ ok: true, alreadySubmitted: false });
		const row = await t.db.query.attempts.findFirst({ where: eq(attempts.id, attempt.id) });
		expect(row).toMatchObject({ score: questions.length - 2, maxScore: questions.length });
	});
});

describe('an assignment’s attempts', () => {
	async function assignedClass(maxAttempts: number | null, questionCount: number | null) {
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
			quiz: { sectionIds: null, questionCount, maxAttempts },
			input: { dueAt: null, requireQuiz: true, passMark: 70, requireResponse: false }
		});
		return { teacher, student, assignmentId };
	}

	it('opens one attempt however many starts arrive at once, and never more than allowed', async () => {
		const { student, assignmentId } = await assignedClass(2, 10);
		const quiz = (await openAssignedQuiz(t.db, assignmentId, student, articleId))!;
		expect(quiz).toMatchObject({ drawn: 10, openAttemptId: null });
		const start = () =>
			startAssignmentAttempt(t.db, {
				userId: student,
				articleId,
				assignmentId,
				inScope: quiz.pool,
				draw: quiz.drawn,
				maxAttempts: 2
			});
		for (let round = 0; round < 3; round++) {
			const results = await Promise.all(Array.from({ length: 8 }, start));
			const open = await t.db
				.select()
				.from(attempts)
				.where(eq(attempts.assignmentId, assignmentId));
			if (round < 2) {
				// Every start got the same, single open attempt, of ten questions.
				const ids = new Set(results.map((r) => (r.ok ? r.attemptId : null)));
				expect(ids.size).toBe(1);
				expect(open).toHaveLength(round + 1);
				const attempt = (await findOwnAttempt(t.db, [...ids][0]!, student))!;
				expect(attempt.plan.questions).toHaveLength(10);
				const inPlan = planQuestions(attempt.plan, quiz.pool);
				await submitAttempt(t.db, attempt, inPlan, responsesFor(inPlan.map((q) => q.question)));
			} else {
				expect(results.every((r) => !r.ok)).toBe(true);
				expect(open).toHaveLength(2);
			}
		}
	});

	it('is found by the class’s students only', async () => {
		const { teacher, student, assignmentId } = await assignedClass(null, null);
		const stranger = await addUser('Stranger');
		expect(await openAssignedQuiz(t.db, assignmentId, student, articleId)).toBeDefined();
		expect(await openAssignedQuiz(t.db, assignmentId, teacher, articleId)).toBeUndefined();
		expect(await openAssignedQuiz(t.db, assignmentId, stranger, articleId)).toBeUndefined();
		expect(await openAssignedQuiz(t.db, randomUUID(), student, articleId)).toBeUndefined();
	});
});
