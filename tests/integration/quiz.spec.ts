// Quizzes and spaced review against a real database file: the seed's bank as stored, archived
// (never deleted) questions, server-side grading stored exactly once, bad answers that record
// nothing, the review queue a miss creates, and the best score per quiz.
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/lib/article/parse';
import type { Article } from '../../src/lib/article/types';
import type { Question } from '../../src/lib/quiz/schema';
import { articleQuestions } from '../../src/lib/quiz/select';
import { importArticle } from '../../src/lib/server/articles';
import {
	attemptAnswers,
	attempts,
	questions as questionsTable,
	reviewCards,
	users
} from '../../src/lib/server/db/schema';
import {
	NOT_IN_ATTEMPT,
	answerReview,
	attemptHistory,
	attemptResults,
	bestByScope,
	dueReviewCount,
	findOwnAttempt,
	findReview,
	loadQuestions,
	nextDueReview,
	planQuestions,
	questionsInScope,
	startAttempt,
	submitAttempt,
	type StoredQuestion
} from '../../src/lib/server/quiz';
import { responseFor, responsesFor, seedBankJson } from '../e2e/support/quiz-key';
import { count, freshDatabase, seedText, type TestDatabase } from './support/database';

const MINUTE = 60_000;
const seedArticle: Article = parseArticle(seedText());
const bank = seedBankJson();

let t: TestDatabase;
let articleId: string;

async function importSeed(bankJson: unknown = bank) {
	const result = await importArticle(t.db, seedArticle, articleQuestions(seedArticle, bankJson));
	articleId = result.articleId;
	return result;
}

async function addUser(name = 'Learner', isGuest = false) {
	const id = randomUUID();
	await t.db.insert(users).values({
		id,
		email: isGuest ? null : `${name.toLowerCase()}-${id.slice(0, 8)}@example.org`,
		displayName: name,
		isGuest
	});
	return id;
}

/** Starts an attempt on `scope` ('article' or a section id) and loads it as the routes do. */
async function begin(userId: string, scope = 'article') {
	const inScope = questionsInScope(await loadQuestions(t.db, articleId), scope);
	const id = await startAttempt(t.db, userId, articleId, scope, inScope);
	const attempt = (await findOwnAttempt(t.db, id, userId))!;
	const inPlan = planQuestions(attempt.plan, await loadQuestions(t.db, articleId));
	return { attempt, inPlan, questions: inPlan.map((q) => q.question) };
}

const answerRows = (attemptId: string) =>
	t.db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attemptId));
const cardRows = (userId: string) =>
	t.db.select().from(reviewCards).where(eq(reviewCards.userId, userId));
const attemptRow = (attemptId: string) =>
	t.db.query.attempts.findFirst({ where: eq(attempts.id, attemptId) });

/** Module (section id) of a question's evidence. */
const sectionOf = (inPlan: StoredQuestion[], questionId: string) =>
	inPlan.find((q) => q.question.id === questionId)!.sectionId;

beforeEach(async () => {
	t = await freshDatabase();
});
afterEach(() => t.close());

describe('the question bank in the database', () => {
	it('importing the seed stores its 51 authored questions published and the 9 generated (11 less the 2 its bank suppresses) from its tables as suggestions, keyed by article', async () => {
		await importSeed();
		const rows = await t.db.select().from(questionsTable);
		expect(rows).toHaveLength(60);
		expect(rows.every((r) => r.archivedAt === null)).toBe(true);
		const authored = rows.filter((r) => r.origin === 'authored');
		expect(authored).toHaveLength(51);
		expect(authored.every((r) => r.status === 'published')).toBe(true);
		const generated = rows.filter((r) => r.origin === 'generated');
		expect(generated).toHaveLength(9);
		expect(generated.every((r) => r.status === 'suggested')).toBe(true);
		// `${articleId}:${questionId}`, and every authored id of the bank is there.
		expect(rows.every((r) => r.id === `${articleId}:${(r.data as Question).id}`)).toBe(true);
		const stored = new Set(rows.map((r) => (r.data as Question).id));
		for (const q of bank.questions) expect(stored).toContain(q.id);
		// Every question belongs to a live module: its evidence section.
		expect(rows.every((r) => r.sectionId !== null)).toBe(true);
		// Learners are asked the published questions alone.
		expect(await loadQuestions(t.db, articleId)).toHaveLength(51);
	});

	it('a re-import without one authored question archives it, and its attempts, answers and review card keep pointing at it', async () => {
		await importSeed();
		const gone = 'q-dialog-obtained-by';
		const user = await addUser();
		const { attempt, inPlan, questions } = await begin(user);
		// Missed on purpose, so a review card anchors on it too.
		const submitted = await submitAttempt(
			t.db,
			attempt,
			inPlan,
			responsesFor(questions, new Set([gone]))
		);
		expect(submitted).toEqual({ ok: true, alreadySubmitted: false });

		const withoutIt = { ...bank, questions: bank.questions.filter((q) => q.id !== gone) };
		expect(withoutIt.questions).toHaveLength(50);
		const result = await importSeed(withoutIt);
		expect(result.outcome).toBe('updated');

		const key = `${articleId}:${gone}`;
		const row = await t.db.query.questions.findFirst({ where: eq(questionsTable.id, key) });
		expect(row, 'the question row is kept').toBeDefined();
		expect(row!.archivedAt).toBeInstanceOf(Date);
		expect(await count(t.client, 'SELECT count(*) FROM questions')).toBe(60);
		expect(await count(t.client, 'SELECT count(*) FROM questions WHERE archived_at IS NULL')).toBe(
			59
		);
		expect((await loadQuestions(t.db, articleId)).map((q) => q.question.id)).not.toContain(gone);

		// The stored answer and the review card still name it.
		const answers = await answerRows(attempt.id);
		expect(answers).toHaveLength(51);
		expect(answers.find((a) => a.questionId === key)).toMatchObject({ correct: false, points: 0 });
		expect((await cardRows(user)).map((c) => c.questionId)).toEqual([key]);
		// The attempt keeps its score; an archived question is no longer asked for review.
		expect(await attemptRow(attempt.id)).toMatchObject({ score: 50, maxScore: 51 });
		expect(await dueReviewCount(t.db, user, new Date(Date.now() + 60 * MINUTE))).toBe(0);

		// Put back, it is live again under the same key, with its history intact.
		await importSeed(bank);
		const back = await t.db.query.questions.findFirst({ where: eq(questionsTable.id, key) });
		expect(back!.archivedAt).toBeNull();
		expect(await dueReviewCount(t.db, user, new Date(Date.now() + 60 * MINUTE))).toBe(1);
	});
});

describe('submitting an attempt', () => {
	beforeEach(() => importSeed());

	it('grades on the server and stores one answer per question, with the score', async () => {
		const user = await addUser();
		const { attempt, inPlan, questions } = await begin(user);
		const wrong = new Set(['q-intro-period', 'q-push-snapshot-matching', 'q-tips-guide-order']);
		const now = new Date();
		const result = await submitAttempt(t.db, attempt, inPlan, responsesFor(questions, wrong), now);
		expect(result).toEqual({ ok: true, alreadySubmitted: false });

		const row = await attemptRow(attempt.id);
		expect(row).toMatchObject({ score: 48, maxScore: 51 });
		expect(row!.submittedAt!.getTime()).toBe(now.getTime());
		const answers = await answerRows(attempt.id);
		expect(answers).toHaveLength(51);
		expect(
			answers
				.filter((a) => !a.correct)
				.map((a) => a.questionId.split(':')[1])
				.sort()
		).toEqual([...wrong].sort());
		expect(answers.filter((a) => a.correct).every((a) => a.points === 1)).toBe(true);
		// What is stored is the validated response: re-grading it gives the same verdicts.
		const results = await attemptResults(t.db, { ...attempt, submittedAt: now }, inPlan);
		expect(results).toHaveLength(51);
		expect(
			results
				.filter((r) => !r.correct)
				.map((r) => r.questionId)
				.sort()
		).toEqual([...wrong].sort());
	});

	it('the grader, not the form, decides: a response the key rejects scores 0 whatever is claimed', async () => {
		const user = await addUser();
		const { attempt, inPlan, questions } = await begin(user);
		// A forged "correct" flag or score in the responses is just an unknown field.
		const responses = {
			...responsesFor(questions, new Set(questions.map((q) => q.id))),
			score: 62
		};
		const result = await submitAttempt(t.db, attempt, inPlan, responses);
		expect(result.ok).toBe(false);
		const honest = await submitAttempt(
			t.db,
			attempt,
			inPlan,
			responsesFor(questions, new Set(questions.map((q) => q.id)))
		);
		expect(honest.ok).toBe(true);
		expect(await attemptRow(attempt.id)).toMatchObject({ score: 0, maxScore: 51 });
	});

	it('a second submission changes nothing: one set of answers, one score', async () => {
		const user = await addUser();
		const { attempt, inPlan, questions } = await begin(user);
		const first = await submitAttempt(t.db, attempt, inPlan, responsesFor(questions));
		expect(first).toEqual({ ok: true, alreadySubmitted: false });
		const before = { row: await attemptRow(attempt.id), answers: await answerRows(attempt.id) };

		// The same attempt object (as a request that loaded it before the first committed) and
		// a fresh load both get "already submitted", with different, all-wrong answers.
		const allWrong = responsesFor(questions, new Set(questions.map((q) => q.id)));
		const stale = await submitAttempt(t.db, attempt, inPlan, allWrong);
		const fresh = await submitAttempt(
			t.db,
			(await findOwnAttempt(t.db, attempt.id, user))!,
			inPlan,
			allWrong
		);
		expect(stale).toEqual({ ok: true, alreadySubmitted: true });
		expect(fresh).toEqual({ ok: true, alreadySubmitted: true });
		expect(await attemptRow(attempt.id)).toEqual(before.row);
		expect(await answerRows(attempt.id)).toEqual(before.answers);
		expect(before.row).toMatchObject({ score: 51, maxScore: 51 });
		expect(await cardRows(user)).toHaveLength(0);
	});

	it('two concurrent submissions record exactly one set of answers and one score', async () => {
		const user = await addUser();
		const { attempt, inPlan, questions } = await begin(user);
		const right = responsesFor(questions);
		const wrong = responsesFor(questions, new Set(questions.map((q) => q.id)));
		const outcomes = await Promise.all([
			submitAttempt(t.db, attempt, inPlan, right),
			submitAttempt(t.db, attempt, inPlan, wrong),
			submitAttempt(t.db, attempt, inPlan, right)
		]);
		expect(outcomes.filter((o) => o.ok && !o.alreadySubmitted)).toHaveLength(1);
		expect(outcomes.filter((o) => o.ok && o.alreadySubmitted)).toHaveLength(2);

		const answers = await answerRows(attempt.id);
		expect(answers).toHaveLength(51);
		const row = await attemptRow(attempt.id);
		// Whichever won, the score and the answers agree, and the cards match the misses.
		const correct = answers.filter((a) => a.correct).length;
		expect(row).toMatchObject({ score: correct, maxScore: 51 });
		expect([0, 51]).toContain(correct);
		expect(await cardRows(user)).toHaveLength(51 - correct);
	});

	describe('bad responses come back as messages per question and record nothing', () => {
		const valid = (questions: Question[]) => responsesFor(questions) as Record<string, unknown>;
		const firstOf = (questions: Question[], type: Question['type']) =>
			questions.find((q) => q.type === type)!;

		const cases: [
			string,
			(qs: Question[]) => { responses: unknown; expect: Record<string, RegExp> }
		][] = [
			[
				'an answer to a question the attempt does not hold',
				(qs) => ({
					responses: { ...valid(qs), 'q-no-such-question': 'true' },
					expect: { 'q-no-such-question': new RegExp(NOT_IN_ATTEMPT.replace('.', '\\.')) }
				})
			],
			[
				'an unknown option id (single and multiple)',
				(qs) => {
					const single = firstOf(qs, 'single');
					const multiple = firstOf(qs, 'multiple');
					return {
						responses: { ...valid(qs), [single.id]: 'o0000000000', [multiple.id]: ['0', '1'] },
						expect: { [single.id]: /options shown/, [multiple.id]: /options shown/ }
					};
				}
			],
			[
				'an unknown part of a matching or ordering question',
				(qs) => {
					const matching = firstOf(qs, 'matching');
					const ordering = firstOf(qs, 'ordering');
					return {
						responses: {
							...valid(qs),
							[matching.id]: { ...(responseFor(matching, true) as object), lXXXXXXXXXX: 'r1' },
							[ordering.id]: { ...(responseFor(ordering, true) as object), iXXXXXXXXXX: '1' }
						},
						expect: { [matching.id]: /only the items shown/, [ordering.id]: /only the items shown/ }
					};
				}
			],
			[
				'answers of the wrong type',
				(qs) => {
					const single = firstOf(qs, 'single');
					const tf = firstOf(qs, 'truefalse');
					const ordering = firstOf(qs, 'ordering');
					const numeric = firstOf(qs, 'numeric');
					const short = firstOf(qs, 'short');
					return {
						responses: {
							...valid(qs),
							[single.id]: ['a', 'b'],
							[tf.id]: 'maybe',
							[ordering.id]: 'first',
							[numeric.id]: 'about ten',
							[short.id]: { text: 'x' }
						},
						expect: {
							[single.id]: /./,
							[tf.id]: /true or false/,
							[ordering.id]: /position/,
							[numeric.id]: /number/,
							[short.id]: /text/
						}
					};
				}
			],
			[
				'501 characters of text',
				(qs) => {
					const short = firstOf(qs, 'short');
					return {
						responses: { ...valid(qs), [short.id]: 'a'.repeat(501) },
						expect: { [short.id]: /500 characters/ }
					};
				}
			],
			[
				'a missing answer and a duplicate position',
				(qs) => {
					const [dropped, ...rest] = qs.filter((q) => q.type === 'single');
					const ordering = firstOf(qs, 'ordering');
					const responses = valid(qs);
					delete responses[dropped!.id];
					const same = Object.fromEntries(
						Object.keys(responseFor(ordering, true) as object).map((k) => [k, '1'])
					);
					expect(rest.length).toBeGreaterThan(0);
					return {
						responses: { ...responses, [ordering.id]: same },
						expect: { [dropped!.id]: /Answer this question/, [ordering.id]: /different position/ }
					};
				}
			]
		];

		for (const [name, make] of cases) {
			it(name, async () => {
				const user = await addUser();
				const { attempt, inPlan, questions } = await begin(user);
				const bad = make(questions);
				const result = await submitAttempt(t.db, attempt, inPlan, bad.responses);
				expect(result.ok).toBe(false);
				if (result.ok) return;
				expect(Object.keys(result.errors).sort()).toEqual(Object.keys(bad.expect).sort());
				for (const [id, pattern] of Object.entries(bad.expect))
					expect(result.errors[id]).toMatch(pattern);
				// Nothing recorded: still open, no answers, no score, no review card.
				const row = await attemptRow(attempt.id);
				expect(row).toMatchObject({ submittedAt: null, score: null, maxScore: null });
				expect(await answerRows(attempt.id)).toHaveLength(0);
				expect(await cardRows(user)).toHaveLength(0);
				// And the attempt can still be submitted properly afterwards.
				expect(await submitAttempt(t.db, attempt, inPlan, responsesFor(questions))).toEqual({
					ok: true,
					alreadySubmitted: false
				});
			});
		}

		it('responses that are not an object at all', async () => {
			const user = await addUser();
			const { attempt, inPlan } = await begin(user);
			for (const junk of [null, 'x', 42, [1, 2]]) {
				const result = await submitAttempt(t.db, attempt, inPlan, junk);
				expect(result.ok).toBe(false);
				if (!result.ok) expect(Object.keys(result.errors)).toHaveLength(51);
			}
			expect(await answerRows(attempt.id)).toHaveLength(0);
			expect((await attemptRow(attempt.id))!.submittedAt).toBeNull();
		});
	});
});

describe('the review queue', () => {
	beforeEach(() => importSeed());

	it('every miss becomes a review card due within minutes; right answers do not', async () => {
		const user = await addUser();
		const { attempt, inPlan, questions } = await begin(user);
		const wrong = new Set(questions.filter((_, i) => i % 5 === 0).map((q) => q.id));
		const now = new Date(Date.UTC(2026, 0, 10, 12));
		await submitAttempt(t.db, attempt, inPlan, responsesFor(questions, wrong), now);

		const cards = await cardRows(user);
		expect(cards.map((c) => c.questionId.split(':')[1]).sort()).toEqual([...wrong].sort());
		for (const c of cards) {
			expect(c.dueAt.getTime()).toBeGreaterThan(now.getTime());
			expect(c.dueAt.getTime() - now.getTime()).toBeLessThanOrEqual(10 * MINUTE);
			// The column and the card agree, so the queue's order is the scheduler's.
			expect(Date.parse((c.card as { due: string }).due)).toBe(c.dueAt.getTime());
		}
		expect(await dueReviewCount(t.db, user, now)).toBe(0);
		const later = new Date(now.getTime() + 10 * MINUTE);
		expect(await dueReviewCount(t.db, user, later)).toBe(wrong.size);
		const next = await nextDueReview(t.db, user, later);
		expect(wrong).toContain(next!.question.id);
	});

	it('a right answer moves the question later each time; a wrong one brings it back within minutes', async () => {
		const user = await addUser();
		const { attempt, inPlan, questions } = await begin(user, undefined);
		const missed = 'q-records-2008-phrase';
		let now = new Date(Date.UTC(2026, 0, 10, 12));
		await submitAttempt(t.db, attempt, inPlan, responsesFor(questions, new Set([missed])), now);
		const key = `${articleId}:${missed}`;
		const dueOf = async () => (await cardRows(user)).find((c) => c.questionId === key)!.dueAt;

		let due = await dueOf();
		let gap = due.getTime() - now.getTime();
		const gaps = [gap];
		for (let i = 0; i < 3; i++) {
			now = due;
			expect(await dueReviewCount(t.db, user, now)).toBe(1);
			const review = (await nextDueReview(t.db, user, now))!;
			expect([review.articleId, review.question.id]).toEqual([articleId, missed]);
			await answerReview(t.db, user, review, true, now);
			due = await dueOf();
			gap = due.getTime() - now.getTime();
			gaps.push(gap);
			expect(await dueReviewCount(t.db, user, now), 'no longer due once answered').toBe(0);
		}
		// Each right answer spaces it out further: minutes, then days.
		for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThan(gaps[i - 1]!);
		expect(gaps.at(-1)!).toBeGreaterThan(24 * 60 * MINUTE);

		now = due;
		const review = (await findReview(t.db, user, articleId, missed))!;
		await answerReview(t.db, user, review, false, now);
		const back = (await dueOf()).getTime() - now.getTime();
		expect(back).toBeGreaterThan(0);
		expect(back).toBeLessThanOrEqual(10 * MINUTE);
		const stored = (await cardRows(user))[0]!.card as { lapses: number; reps: number };
		expect(stored.lapses).toBe(1);
		expect(stored.reps).toBe(5);
	});

	it('missing a question already in review again is a lapse on the same card, not a second card', async () => {
		const user = await addUser();
		const missed = new Set(['q-intro-public-vs-private']);
		const first = await begin(user);
		await submitAttempt(t.db, first.attempt, first.inPlan, responsesFor(first.questions, missed));
		const second = await begin(user);
		await submitAttempt(
			t.db,
			second.attempt,
			second.inPlan,
			responsesFor(second.questions, missed)
		);
		const cards = await cardRows(user);
		expect(cards).toHaveLength(1);
		expect((cards[0]!.card as { reps: number }).reps).toBe(2);
	});

	it('review cards are per learner: another learner’s misses are not in my queue', async () => {
		const me = await addUser('Me');
		const other = await addUser('Other');
		const theirs = await begin(other);
		await submitAttempt(
			t.db,
			theirs.attempt,
			theirs.inPlan,
			responsesFor(theirs.questions, new Set(['q-intro-period']))
		);
		const later = new Date(Date.now() + 60 * MINUTE);
		expect(await dueReviewCount(t.db, other, later)).toBe(1);
		expect(await dueReviewCount(t.db, me, later)).toBe(0);
		expect(await nextDueReview(t.db, me, later)).toBeUndefined();
		expect(await findReview(t.db, me, articleId, 'q-intro-period')).toBeUndefined();
	});
});

describe('attempt history and the best score', () => {
	beforeEach(() => importSeed());

	it('counts the best submitted attempt per quiz; open attempts and other learners do not count', async () => {
		const user = await addUser();
		const other = await addUser('Other');
		const base = Date.UTC(2026, 0, 10, 12);
		const submitWith = async (who: string, scope: string, wrongCount: number, at: number) => {
			const { attempt, inPlan, questions } = await begin(who, scope);
			const wrong = new Set(questions.slice(0, wrongCount).map((q) => q.id));
			await submitAttempt(t.db, attempt, inPlan, responsesFor(questions, wrong), new Date(at));
			return attempt.id;
		};
		const all = await loadQuestions(t.db, articleId);
		const dialog = sectionOf(all, 'q-dialog-timeline')!;
		const dialogCount = questionsInScope(all, dialog).length;

		await submitWith(user, 'article', 21, base); // 30 of 51
		const best = await submitWith(user, 'article', 0, base + MINUTE); // 100%
		await submitWith(user, 'article', 34, base + 2 * MINUTE); // newest, lower
		await submitWith(user, dialog, 1, base + 3 * MINUTE);
		await submitWith(other, 'article', 0, base + 4 * MINUTE);
		await begin(user); // started, never submitted

		const history = await attemptHistory(t.db, user, articleId);
		expect(history.map((h) => h.percent)).toEqual([
			Math.round(((dialogCount - 1) / dialogCount) * 100),
			Math.round((17 / 51) * 100),
			100,
			Math.round((30 / 51) * 100)
		]);
		const bests = bestByScope(history);
		expect(bests.get('article')).toMatchObject({ id: best, score: 51, maxScore: 51, percent: 100 });
		expect(bests.get(dialog)).toMatchObject({ score: dialogCount - 1, maxScore: dialogCount });
		expect([...bests.keys()].sort()).toEqual([dialog, 'article'].sort());
	});

	it('an attempt belongs to its learner alone', async () => {
		const user = await addUser();
		const other = await addUser('Other');
		const { attempt } = await begin(user);
		expect(await findOwnAttempt(t.db, attempt.id, other)).toBeUndefined();
		expect((await findOwnAttempt(t.db, attempt.id, user))!.id).toBe(attempt.id);
	});

	it('a module quiz asks exactly the questions whose evidence lies in that module', async () => {
		const user = await addUser();
		const all = await loadQuestions(t.db, articleId);
		const dialog = sectionOf(all, 'q-dialog-timeline')!;
		const { attempt } = await begin(user, dialog);
		const asked = attempt.plan.questions.map((q) => q.id).sort();
		const expected = all
			.filter(
				(q) => q.question.evidence.section === 'the-secret-dialog-what-the-leaked-exchanges-reveal'
			)
			.map((q) => q.question.id)
			.sort();
		expect(asked).toEqual(expected);
		expect(asked.length).toBeGreaterThan(5);
		// Both live, both in the same module row.
		const rows = await t.db
			.select({ id: questionsTable.id })
			.from(questionsTable)
			.where(
				and(
					eq(questionsTable.sectionId, dialog),
					eq(questionsTable.status, 'published'),
					isNull(questionsTable.archivedAt)
				)
			);
		expect(rows).toHaveLength(asked.length);
	});
});
