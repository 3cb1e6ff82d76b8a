// Spaced review, end to end (issue 4): a missed quiz question enters the learner's queue,
// comes up on /review once due (the home page counts it), and answering it there
// reschedules it — later when right, soon when wrong — with and without JavaScript.
import type { APIRequestContext, Page } from '@playwright/test';
import { expectNoAxeViolationsInBothSchemes } from './support/axe';
import { signedIn } from './support/actors';
import { expect, sql, test } from './support/fixtures';
import {
	QUIZ_LIST,
	SECRET_DIALOG,
	answerAll,
	formHeaders,
	httpClient,
	takeOverHttp,
	textOfHtml,
	answerInPage,
	hydrated,
	attemptIdFrom,
	letReviewsFallDue,
	storedAttempt,
	submitAnswers,
	userIdOf
} from './support/quiz';
import { questionById, seedQuiz, type Question } from './support/quiz-key';

const MINUTE = 60_000;
const MISSED = ['q-dialog-verified-by', 'q-dialog-timeline'];

/**
 * The Secret Dialog module quiz with MISSED missed, taken over HTTP in the session of `request` (a page's
 * `page.request`, or a client with no browser): for tests about the review, not the quiz page
 * (quiz.spec.ts takes it in the page, with and without JavaScript).
 */
async function missTwoOverHttp(request: APIRequestContext) {
	const attemptId = await takeOverHttp(request, SECRET_DIALOG, { wrong: new Set(MISSED) });
	expect((await storedAttempt(attemptId)).submitted).toBe(true);
	return attemptId;
}

const dueText = (n: number) => `${n} ${n === 1 ? 'question is' : 'questions are'} due now`;

/** The question /review is asking, found by its legend. */
async function askedQuestion(page: Page): Promise<Question> {
	const legend = (await page.locator('form fieldset.question legend').textContent())!
		.replace(/^\s*Question \d+\s*/, '')
		.trim();
	const q = seedQuiz().questions.find((x) => x.text === legend);
	expect(q, `the review question "${legend}" is one of the seed's`).toBeDefined();
	return q!;
}

/** When a learner's review card for a question is next due (ms since the epoch). */
async function dueAtOf(userId: string, questionId: string): Promise<number> {
	const rs = await sql(
		"SELECT due_at FROM review_cards WHERE user_id = ? AND question_id LIKE '%:' || ?",
		[userId, questionId]
	);
	expect(rs.rows, `a review card for ${questionId}`).toHaveLength(1);
	return Number(rs.rows[0]!.due_at);
}

for (const js of [true, false]) {
	test.describe(js ? 'with JavaScript' : 'without JavaScript', () => {
		test.use({ javaScriptEnabled: js });

		test('missed questions wait until due, then /review asks them one at a time; a right answer moves one later, a wrong one brings it back soon', async ({
			page
		}) => {
			const { email } = await signedIn(page);
			const userId = await userIdOf(email);
			const lastAttempt = await missTwoOverHttp(page.request);
			// Its results point to the review.
			await page.goto(`${QUIZ_LIST}/${lastAttempt}`);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Results: /);
			await expect(page.getByRole('link', { name: 'your review' })).toBeVisible();

			// Just missed: due within minutes, not yet.
			const cards = (await storedAttempt(lastAttempt)).cards;
			expect(cards.map((c) => c.questionId).sort()).toEqual([...MISSED].sort());
			for (const c of cards) expect(c.dueAt - Date.now()).toBeLessThanOrEqual(10 * MINUTE);
			await page.goto('/review');
			await expect(page.getByText(dueText(0))).toBeVisible();
			await expect(page.locator('form fieldset.question')).toHaveCount(0);

			// Minutes later (the clock moved on in the database), both are due.
			await letReviewsFallDue(userId);
			await page.goto('/');
			await expect(
				page.getByRole('link', { name: '2 questions are due for review' })
			).toBeVisible();
			await page.getByRole('link', { name: '2 questions are due for review' }).click();
			await expect(page).toHaveURL(/\/review$/);
			await expect(page.getByText(dueText(2))).toBeVisible();
			if (js) await hydrated(page);

			// One at a time: answer the first right.
			await expect(page.locator('form fieldset.question')).toHaveCount(1);
			const first = await askedQuestion(page);
			expect(MISSED).toContain(first.id);
			const before = await dueAtOf(userId, first.id);
			await answerInPage(page.locator('form fieldset.question'), first, true);
			await page.getByRole('button', { name: 'Check my answer' }).click();
			const feedback = page.locator('.feedback');
			await expect(feedback).toContainText('Right — this question will come back later.');
			await expect(feedback).toContainText(first.explanation);
			// The passage it rests on, and where it stands.
			const section = seedQuiz().article.sections.find((x) => x.slug === first.evidence.section)!;
			await expect(feedback.locator('blockquote')).toHaveText(
				`“${first.evidence.quote}” — ${section.title}`
			);
			await expect(feedback.getByRole('link', { name: 'Re-read the passage' })).toHaveAttribute(
				'href',
				`/lessons/${seedQuiz().article.slug}/${first.evidence.section}?evidence=${first.id}#evidence`
			);
			await expect(page.getByText(dueText(1))).toBeVisible();
			const after = await dueAtOf(userId, first.id);
			expect(after).toBeGreaterThan(before);
			expect(after - Date.now()).toBeGreaterThan(5 * MINUTE);

			// The next one, answered wrong: back within minutes, and nothing else is due.
			await feedback.getByRole('link', { name: 'Next question' }).click();
			await expect(page.locator('form fieldset.question')).toHaveCount(1);
			if (js) await hydrated(page);
			const second = await askedQuestion(page);
			expect(second.id).not.toBe(first.id);
			expect(MISSED).toContain(second.id);
			await answerInPage(page.locator('form fieldset.question'), second, false);
			await page.getByRole('button', { name: 'Check my answer' }).click();
			await expect(feedback).toContainText('Not quite — it will come back soon.');
			await expect(feedback).toContainText('The article’s answer:');
			await expect(page.getByText(dueText(0))).toBeVisible();
			await expect(page.getByText('That was the last question due.')).toBeVisible();
			const again = (await dueAtOf(userId, second.id)) - Date.now();
			expect(again).toBeGreaterThan(0);
			expect(again).toBeLessThanOrEqual(10 * MINUTE);

			await page.goto('/');
			await expect(page.getByRole('link', { name: /due for review/ })).toHaveCount(0);
		});

		test('an unanswered review question comes back with a message beside it, and is not rescheduled', async ({
			page
		}) => {
			const { email } = await signedIn(page);
			const userId = await userIdOf(email);
			await missTwoOverHttp(page.request);
			await letReviewsFallDue(userId);
			await page.goto('/review');
			if (js) await hydrated(page);
			const q = await askedQuestion(page);
			const before = await dueAtOf(userId, q.id);
			await page.getByRole('button', { name: 'Check my answer' }).click();
			const field = page.locator('form fieldset.question');
			await expect(field.locator('.error-text')).toBeVisible();
			await expect(field).toHaveAccessibleDescription(
				/Answer this question\.|Give every item a position\./
			);
			expect(await dueAtOf(userId, q.id)).toBe(before);
			await expect(page.getByText(dueText(2))).toBeVisible();
		});
	});
}

test('a guest’s misses are reviewed too, and the queue is theirs alone', async ({ playwright }) => {
	// HTTP only (the page's text is read in the browser by the tests above): a guest and a
	// stranger, each a client with cookies of its own.
	const guest = await httpClient(playwright);
	const other = await httpClient(playwright);
	try {
		const lastAttempt = await missTwoOverHttp(guest);
		const { userId } = await storedAttempt(lastAttempt);
		await letReviewsFallDue(userId);
		expect(textOfHtml(await (await guest.get('/review')).text())).toContain(dueText(2));

		expect(textOfHtml(await (await other.get('/review')).text())).toContain(dueText(0));
		// Answering someone else's card by its key is refused.
		const key = String(
			(await sql('SELECT question_id FROM review_cards WHERE user_id = ?', [userId])).rows[0]!
				.question_id
		);
		const response = await other.post('/review?/answer', {
			form: { key, [key]: 'x' },
			headers: formHeaders()
		});
		expect(response.status()).toBe(400);
		expect(await response.text()).toContain('no longer in your queue');
	} finally {
		await guest.dispose();
		await other.dispose();
	}
});

test.describe('axe finds no WCAG 2.2 A/AA violation on /review', () => {
	test('empty, asking, with a message, and with feedback, light and dark schemes', async ({
		page
	}) => {
		await signedIn(page);
		await page.goto('/review');
		await hydrated(page);
		await expectNoAxeViolationsInBothSchemes(page);

		const lastAttempt = await missTwoOverHttp(page.request);
		await letReviewsFallDue((await storedAttempt(lastAttempt)).userId);
		await page.goto('/review');
		await hydrated(page);
		await expect(page.locator('form fieldset.question')).toHaveCount(1);
		await expectNoAxeViolationsInBothSchemes(page);

		await page.getByRole('button', { name: 'Check my answer' }).click();
		await expect(page.locator('form fieldset.question .error-text')).toBeVisible();
		await expectNoAxeViolationsInBothSchemes(page);

		const q = await askedQuestion(page);
		await answerInPage(page.locator('form fieldset.question'), q, false);
		await page.getByRole('button', { name: 'Check my answer' }).click();
		await expect(page.locator('.feedback')).toBeVisible();
		await expectNoAxeViolationsInBothSchemes(page);
	});
});

test('the seed’s missed questions used here exist', () => {
	for (const id of MISSED) expect(questionById(id).evidence.section).toBe(SECRET_DIALOG);
});

test.describe('the learning pages at 1280 px and 375 px', () => {
	test('quiz, results, review and overview fit 1280 and 375 px without sideways scrolling', async ({
		page
	}, testInfo) => {
		// Each state at both widths, as a window resized would show it.
		const shoot = async (name: string) => {
			await hydrated(page);
			for (const width of [1280, 375]) {
				await page.setViewportSize({ width, height: 900 });
				const overflow = await page.evaluate(
					() => document.documentElement.scrollWidth - document.documentElement.clientWidth
				);
				expect(overflow, `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
				if (process.env.LECTERN_SCREENSHOTS === '1')
					await page.screenshot({
						path: testInfo.outputPath(`${name}-${width}.png`),
						fullPage: true
					});
			}
		};
		await signedIn(page);
		await page.goto(`/lessons/${seedQuiz().article.slug}/${SECRET_DIALOG}`);
		await page.getByRole('button', { name: 'Mark as read', exact: true }).click();
		await expect(page.getByText('You marked this module read.')).toBeVisible();
		// Its quiz, started from the page already open (startFromModule would load it again).
		await hydrated(page);
		await page.getByRole('button', { name: /^Quiz on this module \(\d+ questions?\)$/ }).click();
		await attemptIdFrom(page);
		await shoot('quiz');
		await submitAnswers(page);
		await expect(page.getByRole('alert')).toBeVisible();
		await shoot('quiz-errors');
		await answerAll(page, { wrong: new Set(MISSED) });
		await submitAnswers(page);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Results: /);
		await shoot('results');
		const { userId } = await storedAttempt(
			/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname)![1]!
		);
		await letReviewsFallDue(userId);
		await page.goto('/review');
		await shoot('review');
		const q = await askedQuestion(page);
		await answerInPage(page.locator('form fieldset.question'), q, false);
		await page.getByRole('button', { name: 'Check my answer' }).click();
		await expect(page.locator('.feedback')).toBeVisible();
		await shoot('review-feedback');
		await page.goto(`/lessons/${seedQuiz().article.slug}`);
		await shoot('overview');
		await page.goto(`/lessons/${seedQuiz().article.slug}/quiz`);
		await shoot('quiz-list');
	});
});
