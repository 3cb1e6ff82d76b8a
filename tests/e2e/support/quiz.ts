// Taking quizzes through the pages, as a person would: start one from the quiz list or a
// module page, answer each question with the controls it renders (radios, checkboxes,
// selects, text), and read the attempt's state back from the e2e server's database.
import type { APIRequest, APIRequestContext, Locator, Page } from '@playwright/test';
import { baseURL, sessionState } from './actors';
import { expect, sql, uniqueAddress } from './fixtures';
import { questionById, responseFor, SEED_SLUG, uiAnswerFor, type Question } from './quiz-key';

export const OVERVIEW = `/lessons/${SEED_SLUG}`;
export const QUIZ_LIST = `${OVERVIEW}/quiz`;
export const ATTEMPT_URL = new RegExp(`/lessons/${SEED_SLUG}/quiz/([0-9a-f-]{36})$`);
export const SECRET_DIALOG = 'the-secret-dialog-what-the-leaked-exchanges-reveal';

/** SvelteKit mounts its route announcer once the client has hydrated the page. */
export async function hydrated(page: Page) {
	await expect(page.locator('#svelte-announcer')).toBeAttached();
}

/** Waits for an attempt page (works with JS on or off) and returns the attempt's id. */
export async function attemptIdFrom(page: Page): Promise<string> {
	try {
		await expect(page).toHaveURL(ATTEMPT_URL);
	} catch (failure) {
		// Say what the page said instead (a refusal, an error page): a bare URL mismatch hides why.
		const said = await page
			.locator('main')
			.innerText({ timeout: 1000 })
			.catch(() => '(no main element)');
		throw new Error(
			`no attempt page: ${page.url()} shows: ${said.replace(/\s+/g, ' ').slice(0, 600)}`,
			{ cause: failure }
		);
	}
	await expect(page.getByRole('heading', { level: 1, name: /^Quiz: / })).toBeVisible();
	return ATTEMPT_URL.exec(new URL(page.url()).pathname)![1]!;
}

/** Starts a quiz from the quiz list: `title` is 'Whole article' or a module's title. */
export async function startFromList(page: Page, title: string, js = true): Promise<string> {
	await page.goto(QUIZ_LIST);
	if (js) await hydrated(page);
	await page.getByRole('button', { name: startButtonName(title) }).click();
	return attemptIdFrom(page);
}

/** Starts a module's quiz with the button on the module page. */
export async function startFromModule(page: Page, sectionSlug: string, js = true): Promise<string> {
	await page.goto(`${OVERVIEW}/${sectionSlug}`);
	if (js) await hydrated(page);
	await page.getByRole('button', { name: /^Quiz on this module \(\d+ questions?\)$/ }).click();
	return attemptIdFrom(page);
}

/**
 * A quiz list button's accessible name: "Start", "Try again" or "Continue", then the quiz's title from a
 * visually hidden span (which Chromium's name computation sets off with a space).
 */
export function startButtonName(title: string, verb = '(Start|Try again|Continue)'): RegExp {
	return new RegExp(`^${verb}\\s*: ${escapeRegExp(title)}$`);
}

export function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The question ids of the attempt page, in the order it shows them. */
export async function shownQuestionIds(page: Page): Promise<string[]> {
	return page
		.locator('form fieldset.question')
		.evaluateAll((sets) =>
			sets.map((f) => (f.querySelector('[name]') as HTMLInputElement).name.split('.')[0]!)
		);
}

/** The fieldset of one question on an attempt page. */
export function questionField(page: Page, questionId: string): Locator {
	return page.locator('form fieldset.question').filter({
		has: page.locator(`[name="${questionId}"], [name^="${questionId}."]`)
	});
}

/** Answers one question in its fieldset with the controls a person uses. */
export async function answerInPage(field: Locator, q: Question, correct: boolean) {
	const answer = uiAnswerFor(q, correct);
	switch (answer.kind) {
		case 'check':
			for (const label of answer.labels) await field.getByLabel(label, { exact: true }).check();
			break;
		case 'select':
			for (const { label, option } of answer.pairs)
				await field.getByLabel(label, { exact: true }).selectOption({ label: option });
			break;
		case 'type':
			await field.getByRole('textbox').fill(answer.text);
			break;
	}
}

/**
 * Answers every question shown: right, except those in `wrong`; those in `skip` are left
 * blank. Returns the ids in page order.
 */
export async function answerAll(
	page: Page,
	{ wrong = new Set<string>(), skip = new Set<string>() } = {}
): Promise<string[]> {
	const ids = await shownQuestionIds(page);
	for (const id of ids) {
		if (skip.has(id)) continue;
		await answerInPage(questionField(page, id), questionById(id), !wrong.has(id));
	}
	return ids;
}

export async function submitAnswers(page: Page) {
	await page.getByRole('button', { name: 'Submit answers' }).click();
}

/** The attempt as stored: submitted or not, its score, and how many answers and cards it made. */
export async function storedAttempt(attemptId: string) {
	const row = (
		await sql('SELECT user_id, submitted_at, score, max_score FROM attempts WHERE id = ?', [
			attemptId
		])
	).rows[0];
	if (!row) throw new Error(`no attempt ${attemptId}`);
	const answers = await sql(
		'SELECT question_id, correct FROM attempt_answers WHERE attempt_id = ? ORDER BY question_id',
		[attemptId]
	);
	const cards = await sql('SELECT question_id, due_at FROM review_cards WHERE user_id = ?', [
		row.user_id as string
	]);
	return {
		userId: row.user_id as string,
		submitted: row.submitted_at !== null,
		score: row.score === null ? null : Number(row.score),
		maxScore: row.max_score === null ? null : Number(row.max_score),
		answers: answers.rows.map((r) => ({
			questionId: String(r.question_id).split(':').slice(1).join(':'),
			correct: Number(r.correct) === 1
		})),
		cards: cards.rows.map((r) => ({
			questionId: String(r.question_id).split(':').slice(1).join(':'),
			dueAt: Number(r.due_at)
		}))
	};
}

/** The id of a signed-up user, by e-mail. */
export async function userIdOf(email: string): Promise<string> {
	const rs = await sql('SELECT id FROM users WHERE email = ?', [email.toLowerCase()]);
	return rs.rows[0]!.id as string;
}

/** Moves a learner's review cards into the past, as if the minutes until they are due had gone by. */
export async function letReviewsFallDue(userId: string) {
	await sql('UPDATE review_cards SET due_at = ? WHERE user_id = ? AND due_at > ?', [
		Date.now() - 1000,
		userId,
		Date.now() - 1000
	]);
}

// -------------------------------------------------------------------------------------
// The same journeys over HTTP, for tests whose behaviour is not taking the quiz in a page:
// an attempt started and answered by posting the forms the pages post, with no browser.

/** A client of the e2e server with no browser at all: cookies and a client address of its own. */
export async function httpClient(
	playwright: { request: APIRequest },
	account?: { id: string }
): Promise<APIRequestContext> {
	return playwright.request.newContext({
		baseURL: baseURL(),
		extraHTTPHeaders: { 'X-Forwarded-For': uniqueAddress() },
		storageState: account ? await sessionState(account.id) : { cookies: [], origins: [] }
	});
}

/** The headers a browser's form post carries (same origin, a page wanted back). */
export const formHeaders = () => ({ Origin: baseURL(), Accept: 'text/html' });

/**
 * Starts a quiz as the quiz list's form does (`scope`: 'article' or a module's slug), for
 * whoever `request` is (a guest is made on the way, as for a browser); returns the attempt's id.
 */
export async function startOverHttp(request: APIRequestContext, scope: string): Promise<string> {
	const response = await request.post(`${QUIZ_LIST}?/start`, {
		form: { scope },
		headers: formHeaders(),
		maxRedirects: 0
	});
	expect(response.status(), `start ${scope}`).toBe(303);
	const location = response.headers()['location'] ?? '';
	const match = ATTEMPT_URL.exec(location);
	if (!match) throw new Error(`starting ${scope} went to "${location}"`);
	return match[1]!;
}

/** The question ids an attempt asks, as its stored plan names them. */
export async function plannedQuestionIds(attemptId: string): Promise<string[]> {
	const { rows } = await sql('SELECT plan FROM attempts WHERE id = ?', [attemptId]);
	if (!rows[0]) throw new Error(`no attempt ${attemptId}`);
	return (JSON.parse(String(rows[0].plan)) as { questions: { id: string }[] }).questions.map(
		(q) => q.id
	);
}

/**
 * The attempt form's fields as a browser sends them once `ids` are answered: right, except
 * those in `wrong`; those in `skip` left blank.
 */
export function quizFormFields(
	ids: readonly string[],
	{ wrong = new Set<string>(), skip = new Set<string>() } = {}
): [string, string][] {
	const fields: [string, string][] = [];
	for (const id of ids) {
		if (skip.has(id)) continue;
		const response = responseFor(questionById(id), !wrong.has(id));
		if (typeof response === 'string') fields.push([id, response]);
		else if (Array.isArray(response)) for (const v of response) fields.push([id, String(v)]);
		else
			for (const [part, v] of Object.entries(response as Record<string, string>))
				fields.push([`${id}.${part}`, v]);
	}
	return fields;
}

/** Posts an attempt's form as the page's "Submit answers" does; the raw response. */
export function postAnswers(request: APIRequestContext, attemptId: string, body: string) {
	return request.post(`${QUIZ_LIST}/${attemptId}?/submit`, {
		data: body,
		headers: { ...formHeaders(), 'Content-Type': 'application/x-www-form-urlencoded' },
		maxRedirects: 0
	});
}

/** Starts and submits a quiz over HTTP (every planned question answered); the attempt's id. */
export async function takeOverHttp(
	request: APIRequestContext,
	scope: string,
	{ wrong = new Set<string>() } = {}
): Promise<string> {
	const attemptId = await startOverHttp(request, scope);
	const fields = quizFormFields(await plannedQuestionIds(attemptId), { wrong });
	const response = await postAnswers(request, attemptId, new URLSearchParams(fields).toString());
	expect(response.status(), 'the answers were marked').toBe(303);
	return attemptId;
}

/** A page's text as a person reads it, from its HTML: tags dropped, entities and spaces undone. */
export function textOfHtml(html: string): string {
	const entities: Record<string, string> = {
		amp: '&',
		lt: '<',
		gt: '>',
		quot: '"',
		apos: "'",
		nbsp: ' '
	};
	return html
		.replace(/<script[\s\S]*?<\/script>/gi, ' ')
		.replace(/<style[\s\S]*?<\/style>/gi, ' ')
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(/<[^>]*>/g, ' ')
		.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) =>
			code[0] === '#'
				? String.fromCodePoint(
						code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : Number(code.slice(1))
					)
				: (entities[code.toLowerCase()] ?? whole)
		)
		.replace(/\s+/g, ' ')
		.trim();
}

/**
 * Starts a quiz over HTTP in the page's own session (a guest is made if need be) and opens the
 * attempt in the page: for tests about the attempt, not about the buttons that start it.
 */
export async function openAttempt(page: Page, scope: string, js = true): Promise<string> {
	const attemptId = await startOverHttp(page.request, scope);
	await page.goto(`${QUIZ_LIST}/${attemptId}`);
	expect(await attemptIdFrom(page)).toBe(attemptId);
	if (js) await hydrated(page);
	return attemptId;
}
