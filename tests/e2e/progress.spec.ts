// Reading progress, end to end (issue 4): marking modules read (with and without
// JavaScript) moves the labelled progress bars on the overview and the home page, "Continue"
// leads to the first unread module, a guest's progress and attempts survive signing up or
// signing in, and the data download holds progress, attempts and review state.
import type { APIRequestContext, Page } from '@playwright/test';
import { lessonModules } from '../../src/lib/article/modules';
import { baseURL, makeUser, signInAs, signedIn } from './support/actors';
import { expectNoAxeViolationsInBothSchemes } from './support/axe';
import { expect, PASSWORD, signIn, signUp, sql, test, uniqueAddress } from './support/fixtures';
import {
	OVERVIEW,
	QUIZ_LIST,
	SECRET_DIALOG,
	answerAll,
	escapeRegExp,
	hydrated,
	startFromModule,
	storedAttempt,
	submitAnswers,
	userIdOf
} from './support/quiz';
import { seedQuiz } from './support/quiz-key';

const { article } = seedQuiz();
/** What progress counts: the lesson modules (not the reader questions or the sources). */
const MODULES = lessonModules(article.sections);
const TOTAL = MODULES.length;
const title = (slug: string) => MODULES.find((s) => s.slug === slug)!.title;

/** The overview's bar, and the one for this article on the home page. */
const overviewBar = (page: Page) =>
	page.getByRole('progressbar', { name: 'Reading progress', exact: true });
const homeBar = (page: Page) =>
	page.getByRole('progressbar', { name: `Reading progress for ${article.title}`, exact: true });

async function expectBar(page: Page, bar: ReturnType<typeof overviewBar>, read: number) {
	await expect(bar).toHaveAttribute('value', String(read));
	await expect(bar).toHaveAttribute('max', String(TOTAL));
	await expect(bar).toHaveAccessibleDescription(`${read} of ${TOTAL} modules read`);
}

async function markRead(page: Page, slug: string, js: boolean) {
	await page.goto(`${OVERVIEW}/${slug}`);
	if (js) await hydrated(page);
	await page.getByRole('button', { name: 'Mark as read', exact: true }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'You marked this module read.' })
	).toBeVisible();
	await expect(page.getByRole('button', { name: 'Mark as not read' })).toBeVisible();
}

/**
 * Marks a module read through the page's form action, over HTTP, as a browser without JavaScript
 * posts it (for journeys about what follows: the journeys above press the button). A visitor
 * with no account becomes a guest, whose cookie the browser context keeps.
 */
async function markReadOverHttp(request: APIRequestContext, slug: string) {
	const response = await request.post(`${OVERVIEW}/${slug}?/read`, {
		form: {},
		headers: { Origin: new URL(baseURL()).origin, Accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status(), slug).toBe(303);
}

/** The home page's "Continue" link: the article's title is visually hidden (Chromium sets it off with spaces). */
const continueName = (moduleTitle: string) =>
	new RegExp(`^Continue ${escapeRegExp(article.title)}\\s*: ${escapeRegExp(moduleTitle)}$`);

/** The overview's row for a module: its link and its state. */
const moduleRow = (page: Page, slug: string) =>
	page
		.locator('ol.modules > li')
		.filter({ has: page.getByRole('link', { name: title(slug), exact: true }) });

for (const js of [true, false]) {
	test.describe(js ? 'with JavaScript' : 'without JavaScript', () => {
		test.use({ javaScriptEnabled: js });

		test('marking modules read moves the bars on the overview and home; Continue goes to the first unread module', async ({
			page
		}) => {
			await page.goto('/');
			await expectBar(page, homeBar(page), 0);
			await expect(
				page.getByRole('link', { name: `Start reading ${article.title}` })
			).toHaveAttribute('href', `${OVERVIEW}/${MODULES[0]!.slug}`);
			await page.goto(OVERVIEW);
			await expectBar(page, overviewBar(page), 0);
			await expect(moduleRow(page, MODULES[1]!.slug)).toContainText('Not read');

			// The second module first: "Continue" still points at the first.
			await markRead(page, MODULES[1]!.slug, js);
			await expect(
				page
					.getByRole('navigation', { name: 'Contents of this article' })
					.getByRole('listitem')
					.nth(1)
			).toContainText('(read)');
			await page.goto(OVERVIEW);
			await expectBar(page, overviewBar(page), 1);
			await expect(moduleRow(page, MODULES[1]!.slug)).toContainText('Read');
			await expect(moduleRow(page, MODULES[1]!.slug)).not.toContainText('Not read');
			await expect(moduleRow(page, MODULES[0]!.slug)).toContainText('Not read');
			await expect(page.getByRole('link', { name: 'Continue reading' })).toHaveAttribute(
				'href',
				`${OVERVIEW}/${MODULES[0]!.slug}`
			);
			await page.goto('/');
			await expectBar(page, homeBar(page), 1);
			await expect(
				page.getByRole('link', { name: continueName(MODULES[0]!.title) })
			).toHaveAttribute('href', `${OVERVIEW}/${MODULES[0]!.slug}`);

			// Then the first: Continue moves on to the third, and takes the reader there.
			await markRead(page, MODULES[0]!.slug, js);
			await page.goto('/');
			await expectBar(page, homeBar(page), 2);
			await page.getByRole('link', { name: continueName(MODULES[2]!.title) }).click();
			await expect(page).toHaveURL(new RegExp(`${OVERVIEW}/${MODULES[2]!.slug}$`));
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(MODULES[2]!.title);
			await page.goto(OVERVIEW);
			await expectBar(page, overviewBar(page), 2);
			await expect(page.getByRole('link', { name: 'Continue reading' })).toHaveAttribute(
				'href',
				`${OVERVIEW}/${MODULES[2]!.slug}`
			);

			// Marked not read again: the bar goes back, and Continue returns to it.
			await page.goto(`${OVERVIEW}/${MODULES[1]!.slug}`);
			if (js) await hydrated(page);
			await page.getByRole('button', { name: 'Mark as not read' }).click();
			await expect(page.getByRole('button', { name: 'Mark as read', exact: true })).toBeVisible();
			await page.goto(OVERVIEW);
			await expectBar(page, overviewBar(page), 1);
			await expect(page.getByRole('link', { name: 'Continue reading' })).toHaveAttribute(
				'href',
				`${OVERVIEW}/${MODULES[1]!.slug}`
			);
		});
	});
}

test('with every module read, the bars are full and there is nothing to continue', async ({
	page
}) => {
	// Every module through the form action, as a browser without JavaScript posts it (the
	// journeys above press the button).
	for (const s of MODULES) await markReadOverHttp(page.request, s.slug);
	await page.goto(OVERVIEW);
	await expectBar(page, overviewBar(page), TOTAL);
	await expect(page.getByText('You have read every module.')).toBeVisible();
	await expect(page.getByRole('link', { name: /^(Continue|Start) reading$/ })).toHaveCount(0);
	await page.goto('/');
	await expectBar(page, homeBar(page), TOTAL);
	await expect(
		page.getByRole('link', { name: new RegExp(`^Continue ${article.title}`) })
	).toHaveCount(0);
});

test('marking an unknown module is a 404, and changes nothing', async ({ page }) => {
	await markReadOverHttp(page.request, MODULES[0]!.slug);
	const response = await page.request.post(`${OVERVIEW}/no-such-module?/read`, {
		form: {},
		headers: { Origin: new URL(baseURL()).origin, Accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(404);
	await page.goto(OVERVIEW);
	await expectBar(page, overviewBar(page), 1);
});

/** As a guest: two modules read and a module quiz submitted with one miss. */
async function guestWork(page: Page) {
	await markReadOverHttp(page.request, MODULES[0]!.slug);
	await markReadOverHttp(page.request, MODULES[2]!.slug);
	const attemptId = await startFromModule(page, SECRET_DIALOG);
	await answerAll(page, { wrong: new Set(['q-dialog-verified-by']) });
	await submitAnswers(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Results: /);
	const guestId = (await storedAttempt(attemptId)).userId;
	expect((await sql('SELECT is_guest FROM users WHERE id = ?', [guestId])).rows[0]!.is_guest).toBe(
		1
	);
	return { attemptId, guestId };
}

async function expectCarriedOver(
	page: Page,
	attemptId: string,
	guestId: string,
	email: string,
	read: number,
	alsoRead: string[] = []
) {
	await page.goto(OVERVIEW);
	await expectBar(page, overviewBar(page), read);
	for (const slug of [MODULES[0]!.slug, MODULES[2]!.slug, ...alsoRead]) {
		await expect(moduleRow(page, slug)).not.toContainText('Not read');
	}
	await page.goto(QUIZ_LIST);
	await expect(page.getByRole('table')).toContainText(title(SECRET_DIALOG));
	const accountId = await userIdOf(email);
	const attempt = await storedAttempt(attemptId);
	expect(attempt.userId).toBe(accountId);
	expect(attempt.cards.map((c) => c.questionId)).toEqual(['q-dialog-verified-by']);
	expect((await sql('SELECT count(*) AS n FROM users WHERE id = ?', [guestId])).rows[0]!.n).toBe(0);
}

test('a guest’s progress, attempt and review card survive signing up', async ({ page }) => {
	const { attemptId, guestId } = await guestWork(page);
	const { email } = await signUp(page);
	await expectCarriedOver(page, attemptId, guestId, email, 2);
});

test('a guest’s progress, attempt and review card survive signing in, joined with what the account had', async ({
	browser
}) => {
	// The account exists already and has read the first and second modules (marked from a
	// browser of its own, over HTTP).
	const { email, ...account } = await makeUser();
	const before = await browser.newContext({
		extraHTTPHeaders: { 'X-Forwarded-For': uniqueAddress() }
	});
	await signInAs(before, account, baseURL());
	await markReadOverHttp(before.request, MODULES[0]!.slug);
	await markReadOverHttp(before.request, MODULES[1]!.slug);
	await before.close();

	const fresh = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': '10.250.1.1' } });
	try {
		const guest = await fresh.newPage();
		const { attemptId, guestId } = await guestWork(guest);
		await signIn(guest, email, PASSWORD);
		await expect(guest.getByRole('banner').getByRole('button', { name: 'Sign out' })).toBeVisible();
		// First (both), second (account) and third (guest): three, none counted twice.
		await expectCarriedOver(guest, attemptId, guestId, email, 3, [MODULES[1]!.slug]);
	} finally {
		await fresh.close();
	}
});

test('the data download holds progress, attempts with their answers, and review state', async ({
	page
}) => {
	const { email } = await signedIn(page);
	await markReadOverHttp(page.request, MODULES[0]!.slug);
	const attemptId = await startFromModule(page, SECRET_DIALOG);
	await answerAll(page, { wrong: new Set(['q-dialog-timeline']) });
	await submitAnswers(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Results: /);

	const response = await page.request.get('/account/export');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-disposition']).toContain('attachment');
	const data = await response.json();
	expect(data.profile.email).toBe(email.toLowerCase());
	expect(data.progress).toHaveLength(1);
	const intro = await sql('SELECT id FROM sections WHERE slug = ? AND archived_at IS NULL', [
		MODULES[0]!.slug
	]);
	expect(data.progress[0]).toMatchObject({
		sectionId: intro.rows[0]!.id,
		readAt: expect.any(String)
	});
	expect(data.attempts).toHaveLength(1);
	const attempt = data.attempts[0];
	expect(attempt).toMatchObject({ id: attemptId, submittedAt: expect.any(String) });
	expect(attempt.score).toBe(attempt.maxScore - 1);
	expect(attempt.answers).toHaveLength(attempt.maxScore);
	const miss = attempt.answers.filter((a: { correct: boolean }) => !a.correct);
	expect(miss).toHaveLength(1);
	expect(miss[0].questionId).toMatch(/:q-dialog-timeline$/);
	expect(miss[0].response).toEqual(expect.any(Object));
	expect(data.reviewCards).toHaveLength(1);
	expect(data.reviewCards[0]).toMatchObject({
		questionId: expect.stringMatching(/:q-dialog-timeline$/),
		dueAt: expect.any(String),
		card: expect.objectContaining({ state: 'learning', reps: 1, due: expect.any(String) })
	});
});

test.describe('axe finds no WCAG 2.2 A/AA violation with progress shown', () => {
	test('a module marked read, the overview and home, light and dark schemes', async ({ page }) => {
		await markRead(page, MODULES[1]!.slug, true);
		await expectNoAxeViolationsInBothSchemes(page);
		await page.goto(OVERVIEW);
		await hydrated(page);
		await expectNoAxeViolationsInBothSchemes(page);
		await page.goto('/');
		await hydrated(page);
		await expectNoAxeViolationsInBothSchemes(page);
	});
});
