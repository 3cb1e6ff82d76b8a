// Issue 10, item 3: quiz answers are saved as the learner goes — with JavaScript as they answer,
// without it by "Save and continue later" — and are there again on return, so a 51-question quiz
// need not be answered in one sitting; submitting with blanks asks first, then counts them wrong.
import { signedIn } from './support/actors';
import type { Page } from '@playwright/test';
import { expect, sql, test } from './support/fixtures';
import {
	QUIZ_LIST,
	SECRET_DIALOG,
	answerAll,
	answerInPage,
	hydrated,
	questionField,
	shownQuestionIds,
	startButtonName,
	openAttempt,
	storedAttempt,
	submitAnswers
} from './support/quiz';
import { questionById, seedQuiz, type Question } from './support/quiz-key';

const DIALOG_TITLE = seedQuiz().article.sections.find((s) => s.slug === SECRET_DIALOG)!.title;

test.describe.configure({ timeout: 90_000 });

async function draftCount(attemptId: string): Promise<number> {
	const { rows } = await sql('SELECT count(*) AS n FROM draft_answers WHERE attempt_id = ?', [
		attemptId
	]);
	return Number(rows[0]!.n);
}

/** What the page shows as the learner's answer to a question, read from its controls. */
async function shownAnswer(page: Page, id: string): Promise<string[]> {
	return questionField(page, id).evaluate((fieldset) => [
		...[...fieldset.querySelectorAll<HTMLInputElement>('input:checked')].map((i) =>
			i.closest('label')!.textContent!.trim()
		),
		...[...fieldset.querySelectorAll<HTMLInputElement>('input[type=text]')].map((i) => i.value),
		...[...fieldset.querySelectorAll<HTMLSelectElement>('select')].map(
			(s) => s.selectedOptions[0]?.textContent?.trim() ?? ''
		)
	]);
}

for (const js of [true, false]) {
	test.describe(js ? 'with JavaScript' : 'without JavaScript', () => {
		test.use({ javaScriptEnabled: js });

		test('answers given are saved against the open attempt and are there again on return, until it is submitted', async ({
			page
		}) => {
			await signedIn(page);
			const attemptId = await openAttempt(page, SECRET_DIALOG, js);
			const ids = await shownQuestionIds(page);
			const answered = ids.slice(0, 3);
			for (const id of answered)
				await answerInPage(questionField(page, id), questionById(id), id !== answered[1]);

			if (js) {
				// Saved as the learner answers, with a calm status line.
				await expect(page.locator('.save-state')).toHaveText('Saved');
			} else {
				await page.getByRole('button', { name: 'Save and continue later' }).click();
				await expect(
					page.getByRole('status').filter({ hasText: 'Your answers are saved' })
				).toContainText(`Your answers are saved (3 of ${ids.length})`);
			}
			await expect.poll(() => draftCount(attemptId)).toBe(3);
			const before = await Promise.all(answered.map((id) => shownAnswer(page, id)));

			// A later sitting: the quiz list offers to continue, and the answers are as they were.
			await page.goto(QUIZ_LIST);
			if (js) await hydrated(page);
			const card = page
				.getByRole('listitem')
				.filter({ has: page.getByRole('heading', { name: DIALOG_TITLE, exact: true }) });
			await expect(card).toContainText('in progress: 3 answers saved');
			await page.getByRole('button', { name: startButtonName(DIALOG_TITLE, 'Continue') }).click();
			await expect(page).toHaveURL(new RegExp(`/quiz/${attemptId}$`));
			await expect(page.getByRole('status').filter({ hasText: 'Welcome back' })).toContainText(
				`3 of ${ids.length} answers are as you left them`
			);
			expect(await Promise.all(answered.map((id) => shownAnswer(page, id)))).toEqual(before);
			for (const answer of before) expect(answer.join('')).not.toBe('');
			// A reload finds them too.
			await page.reload();
			expect(await Promise.all(answered.map((id) => shownAnswer(page, id)))).toEqual(before);
			expect((await storedAttempt(attemptId)).submitted).toBe(false);

			// The rest answered and submitted: graded from what the form holds, drafts gone.
			if (js) await hydrated(page);
			await answerAll(page, { skip: new Set(answered) });
			await submitAnswers(page);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Results: ${DIALOG_TITLE}`);
			const stored = await storedAttempt(attemptId);
			expect(stored).toMatchObject({ submitted: true, score: ids.length - 1 });
			expect(await draftCount(attemptId)).toBe(0);
		});

		test('submitting with unanswered questions asks first, then counts them as wrong', async ({
			page
		}) => {
			const attemptId = await openAttempt(page, SECRET_DIALOG, js);
			const ids = await shownQuestionIds(page);
			const blank = new Set(ids.slice(-2));
			await answerAll(page, { skip: blank });
			await submitAnswers(page);

			const ask = page.getByRole('alert');
			await expect(ask).toContainText('2 questions are unanswered; submit anyway?');
			await expect(ask).toContainText('Unanswered questions count as wrong.');
			for (const id of blank)
				await expect(questionField(page, id).locator('.error-text')).toHaveText(
					'Not answered yet.'
				);
			expect(await storedAttempt(attemptId)).toMatchObject({ submitted: false, answers: [] });
			// What was answered is kept meanwhile.
			expect(await draftCount(attemptId)).toBe(ids.length - 2);

			await ask.getByRole('button', { name: 'Submit with 2 unanswered questions' }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Results: ${DIALOG_TITLE}`);
			await expect(page.getByRole('status').filter({ hasText: 'You scored' })).toContainText(
				`You scored ${ids.length - 2} of ${ids.length}`
			);
			for (const id of blank) {
				const q: Question = questionById(id);
				const card = page
					.locator('ol.results > li')
					.filter({ has: page.getByRole('heading', { level: 2, name: q.text, exact: true }) });
				await expect(card).toContainText('Not answered');
				await expect(card).toContainText('Your answer: none');
			}
			const stored = await storedAttempt(attemptId);
			expect(stored.answers).toHaveLength(ids.length);
			expect(
				stored.answers
					.filter((a) => !a.correct)
					.map((a) => a.questionId)
					.sort()
			).toEqual([...blank].sort());
			// Missed by leaving them blank: they enter the review queue like any miss.
			expect(stored.cards.map((c) => c.questionId).sort()).toEqual([...blank].sort());
			expect(await draftCount(attemptId)).toBe(0);
		});
	});
}

test('a half-given answer still needs finishing: it is not mistaken for a blank one', async ({
	page
}) => {
	const attemptId = await openAttempt(page, SECRET_DIALOG);
	const timeline = questionById('q-dialog-timeline') as Extract<Question, { type: 'ordering' }>;
	await answerAll(page, { skip: new Set([timeline.id]) });
	await questionField(page, timeline.id)
		.getByLabel(timeline.items[0]!, { exact: true })
		.selectOption({ label: '1' });
	await submitAnswers(page);
	await expect(page.getByRole('alert')).toContainText('One question needs your attention');
	await expect(page.getByRole('button', { name: /^Submit with/ })).toHaveCount(0);
	await expect(questionField(page, timeline.id).locator('.error-text')).toHaveText(
		'Give every item a position.'
	);
	expect((await storedAttempt(attemptId)).submitted).toBe(false);
});
