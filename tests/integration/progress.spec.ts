// Reading progress against a real database file, and what happens to a learner's progress,
// attempts and review cards when a guest signs up or signs in (mergeGuestInto), and in the
// data download (exportUserData).
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/lib/article/parse';
import { articleQuestions } from '../../src/lib/quiz/select';
import { findPublishedArticle, importArticle } from '../../src/lib/server/articles';
import {
	attemptAnswers,
	attempts,
	reviewCards,
	sectionProgress,
	users
} from '../../src/lib/server/db/schema';
import {
	allReadSectionIds,
	markSectionRead,
	readSectionIds,
	unmarkSectionRead
} from '../../src/lib/server/progress';
import {
	attemptHistory,
	dueReviewCount,
	findOwnAttempt,
	loadQuestions,
	planQuestions,
	questionsInScope,
	startAttempt,
	submitAttempt
} from '../../src/lib/server/quiz';
import { exportUserData, mergeGuestInto } from '../../src/lib/server/users';
import { responsesFor, seedBankJson } from '../e2e/support/quiz-key';
import { freshDatabase, SEED_SLUG, seedText, type TestDatabase } from './support/database';

const HOUR = 60 * 60_000;
let t: TestDatabase;
let articleId: string;
/** The seed's live section ids by slug. */
let section: Record<string, string>;

beforeEach(async () => {
	t = await freshDatabase();
	const article = parseArticle(seedText());
	articleId = (await importArticle(t.db, article, articleQuestions(article, seedBankJson())))
		.articleId;
	const summary = (await findPublishedArticle(t.db, SEED_SLUG))!;
	section = Object.fromEntries(summary.sections.map((s) => [s.slug, s.id]));
});
afterEach(() => t.close());

async function addUser(name: string, isGuest = false) {
	const id = randomUUID();
	await t.db.insert(users).values({
		id,
		email: isGuest ? null : `${name.toLowerCase()}-${id.slice(0, 8)}@example.org`,
		displayName: isGuest ? 'Guest' : name,
		isGuest
	});
	return id;
}

/** Starts and submits an attempt; `wrong` lists the question ids to miss. */
async function takeQuiz(userId: string, scope: string, wrong: string[], at = new Date()) {
	const inScope = questionsInScope(await loadQuestions(t.db, articleId), scope);
	const id = await startAttempt(t.db, userId, articleId, scope, inScope);
	const attempt = (await findOwnAttempt(t.db, id, userId))!;
	const inPlan = planQuestions(attempt.plan, await loadQuestions(t.db, articleId));
	const result = await submitAttempt(
		t.db,
		attempt,
		inPlan,
		responsesFor(
			inPlan.map((q) => q.question),
			new Set(wrong)
		),
		at
	);
	expect(result).toEqual({ ok: true, alreadySubmitted: false });
	return id;
}

const progressRows = (userId: string) =>
	t.db.select().from(sectionProgress).where(eq(sectionProgress.userId, userId));
const cardRows = (userId: string) =>
	t.db.select().from(reviewCards).where(eq(reviewCards.userId, userId));

describe('marking modules read', () => {
	it('marks and unmarks; marking again keeps the first time', async () => {
		const user = await addUser('Reader');
		const first = new Date(Date.UTC(2026, 0, 1, 9));
		await markSectionRead(t.db, user, section['introduction']!, first);
		await markSectionRead(t.db, user, section['introduction']!, new Date(first.getTime() + HOUR));
		await markSectionRead(t.db, user, section['key-facts-at-a-glance']!, first);
		const rows = await progressRows(user);
		expect(rows).toHaveLength(2);
		expect(rows.find((r) => r.sectionId === section['introduction'])!.readAt).toEqual(first);
		expect(await readSectionIds(t.db, user, articleId)).toEqual(
			new Set([section['introduction'], section['key-facts-at-a-glance']])
		);

		await unmarkSectionRead(t.db, user, section['introduction']!);
		await unmarkSectionRead(t.db, user, section['introduction']!); // harmless twice
		expect(await readSectionIds(t.db, user, articleId)).toEqual(
			new Set([section['key-facts-at-a-glance']])
		);
	});

	it('is per learner, and per article', async () => {
		const a = await addUser('A');
		const b = await addUser('B');
		await markSectionRead(t.db, a, section['introduction']!);
		const other = parseArticle(
			'A second article\nTable of Contents\n- 1. A second article\n- 2. More\nIts introduction.\nMore\nAnd more text.\n'
		);
		const otherId = (await importArticle(t.db, other)).articleId;
		const otherSections = (await findPublishedArticle(t.db, other.slug))!.sections;
		await markSectionRead(t.db, a, otherSections[0]!.id);

		expect(await readSectionIds(t.db, b, articleId)).toEqual(new Set());
		expect(await readSectionIds(t.db, a, articleId)).toEqual(new Set([section['introduction']]));
		expect(await readSectionIds(t.db, a, otherId)).toEqual(new Set([otherSections[0]!.id]));
		expect((await allReadSectionIds(t.db, a)).size).toBe(2);
	});

	it('a module archived by a re-import no longer counts, and counts again when it comes back', async () => {
		const user = await addUser('Reader');
		const evergreen = section['evergreen-takeaways-for-readers']!;
		await markSectionRead(t.db, user, evergreen);
		await markSectionRead(t.db, user, section['introduction']!);

		const text = seedText();
		const without = text
			.replace(/- 4\. Evergreen takeaways for readers\r?\n/, '')
			.replace(/\nEvergreen takeaways for readers\r?\n[^\n]*\n[^\n]*\n/, '\n')
			.replace(
				/^- (\d+)\. /gm,
				(() => {
					let n = 0;
					return () => `- ${++n}. `;
				})()
			);
		const revised = parseArticle(without);
		expect(revised.sections.map((s) => s.slug)).not.toContain('evergreen-takeaways-for-readers');
		// The bank's questions about the removed module go with it; the rest still stand.
		const bank = seedBankJson();
		const keptBank = {
			...bank,
			questions: (bank.questions as unknown as { evidence: { section: string } }[]).filter(
				(q) => q.evidence.section !== 'evergreen-takeaways-for-readers'
			)
		};
		await importArticle(t.db, revised, articleQuestions(revised, keptBank));

		expect(await readSectionIds(t.db, user, articleId)).toEqual(new Set([section['introduction']]));
		expect(await progressRows(user), 'the row itself is kept').toHaveLength(2);

		const original = parseArticle(text);
		await importArticle(t.db, original, articleQuestions(original, bank));
		expect(await readSectionIds(t.db, user, articleId)).toEqual(
			new Set([section['introduction'], evergreen])
		);
	});
});

describe('a guest’s work moves into the account (mergeGuestInto)', () => {
	it('progress, attempts with their answers, and review cards move; the guest is gone', async () => {
		const guest = await addUser('Guest', true);
		const account = await addUser('Account');
		await markSectionRead(t.db, guest, section['introduction']!);
		await markSectionRead(t.db, guest, section['what-the-records-reveal']!);
		const attemptId = await takeQuiz(guest, 'article', ['q-intro-period', 'q-tips-guide-order']);
		const open = await startAttempt(
			t.db,
			guest,
			articleId,
			'article',
			await loadQuestions(t.db, articleId)
		);

		await mergeGuestInto(t.db, guest, account);

		expect(await readSectionIds(t.db, account, articleId)).toEqual(
			new Set([section['introduction'], section['what-the-records-reveal']])
		);
		const history = await attemptHistory(t.db, account, articleId);
		expect(history.map((h) => h.id)).toEqual([attemptId]);
		expect(history[0]).toMatchObject({ score: 49, maxScore: 51 });
		expect(await findOwnAttempt(t.db, open, account), 'an open attempt moves too').toBeDefined();
		const answers = await t.db
			.select()
			.from(attemptAnswers)
			.where(eq(attemptAnswers.attemptId, attemptId));
		expect(answers).toHaveLength(51);
		expect((await cardRows(account)).map((c) => c.questionId).sort()).toEqual(
			[`${articleId}:q-intro-period`, `${articleId}:q-tips-guide-order`].sort()
		);
		expect(await dueReviewCount(t.db, account, new Date(Date.now() + HOUR))).toBe(2);

		// Nothing is left under the guest, and the guest itself is deleted.
		expect(await t.db.query.users.findFirst({ where: eq(users.id, guest) })).toBeUndefined();
		expect(await progressRows(guest)).toHaveLength(0);
		expect(await cardRows(guest)).toHaveLength(0);
		expect(await t.db.select().from(attempts).where(eq(attempts.userId, guest))).toHaveLength(0);
	});

	it('where both read the same module or missed the same question, the account’s copy wins and nothing is doubled', async () => {
		const guest = await addUser('Guest', true);
		const account = await addUser('Account');
		const accountReadAt = new Date(Date.UTC(2026, 0, 1, 9));
		const guestReadAt = new Date(Date.UTC(2026, 0, 5, 9));
		await markSectionRead(t.db, account, section['introduction']!, accountReadAt);
		await markSectionRead(t.db, account, section['key-facts-at-a-glance']!, accountReadAt);
		await markSectionRead(t.db, guest, section['introduction']!, guestReadAt);
		await markSectionRead(t.db, guest, section['what-this-means-for-today']!, guestReadAt);
		await takeQuiz(account, 'article', ['q-intro-period'], accountReadAt);
		await takeQuiz(guest, 'article', ['q-intro-period', 'q-today-balance'], guestReadAt);
		const accountCard = (await cardRows(account))[0]!;

		await mergeGuestInto(t.db, guest, account);

		const rows = await progressRows(account);
		expect(rows).toHaveLength(3);
		expect(rows.find((r) => r.sectionId === section['introduction'])!.readAt).toEqual(
			accountReadAt
		);
		expect(rows.find((r) => r.sectionId === section['what-this-means-for-today'])!.readAt).toEqual(
			guestReadAt
		);
		const cards = await cardRows(account);
		expect(cards).toHaveLength(2);
		expect(cards.find((c) => c.questionId === accountCard.questionId)).toEqual(accountCard);
		expect(cards.map((c) => c.questionId)).toContain(`${articleId}:q-today-balance`);
		expect(await attemptHistory(t.db, account, articleId)).toHaveLength(2);
		expect(await t.db.query.users.findFirst({ where: eq(users.id, guest) })).toBeUndefined();
	});

	it('never merges an account into another, nor a guest into itself', async () => {
		const a = await addUser('A');
		const b = await addUser('B');
		await markSectionRead(t.db, a, section['introduction']!);
		await mergeGuestInto(t.db, a, b);
		expect(await progressRows(b)).toHaveLength(0);
		expect(await progressRows(a)).toHaveLength(1);
		const guest = await addUser('Guest', true);
		await markSectionRead(t.db, guest, section['introduction']!);
		await mergeGuestInto(t.db, guest, guest);
		expect(await progressRows(guest)).toHaveLength(1);
	});
});

describe('the data download (exportUserData)', () => {
	it('holds the learner’s progress, attempts with their answers, and review cards — no one else’s', async () => {
		const user = await addUser('Exporter');
		const other = await addUser('Other');
		await markSectionRead(t.db, user, section['introduction']!);
		await markSectionRead(t.db, other, section['key-facts-at-a-glance']!);
		const attemptId = await takeQuiz(user, 'article', ['q-intro-period']);
		await takeQuiz(other, 'article', ['q-tips-guide-order']);

		const data = JSON.parse(JSON.stringify(await exportUserData(t.db, user)));
		expect(data.progress).toEqual([
			expect.objectContaining({ userId: user, sectionId: section['introduction'] })
		]);
		expect(data.attempts).toHaveLength(1);
		expect(data.attempts[0]).toMatchObject({
			id: attemptId,
			scope: 'article',
			score: 50,
			maxScore: 51
		});
		expect(data.attempts[0].submittedAt).toEqual(expect.any(String));
		expect(data.attempts[0].answers).toHaveLength(51);
		const miss = data.attempts[0].answers.find(
			(a: { questionId: string }) => a.questionId === `${articleId}:q-intro-period`
		);
		expect(miss).toMatchObject({ correct: false, response: 'certainly not the answer' });
		expect(data.reviewCards).toHaveLength(1);
		expect(data.reviewCards[0]).toMatchObject({
			questionId: `${articleId}:q-intro-period`,
			card: expect.objectContaining({ state: expect.any(String), due: expect.any(String) }),
			dueAt: expect.any(String)
		});
		// No one else's: not the other learner's progress, attempt or review card.
		expect(JSON.stringify(data)).not.toContain(other);
		expect(data.reviewCards.map((c: { questionId: string }) => c.questionId)).not.toContain(
			`${articleId}:q-tips-guide-order`
		);
	});
});
