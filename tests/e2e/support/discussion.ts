// Helpers shared by the discussion and moderation suites: people, posts and where they are.
import type { APIRequestContext, Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { baseURL, signInAs, signedIn } from './actors';
import { expect, sql, uniqueAddress, uniqueEmail } from './fixtures';

export const SLUG = 'declassified-putin-bush-talks-surface-tensions-over-nato-ukraine';
export const DISCUSS = `/lessons/${SLUG}/discuss`;
/** Prompts 1 and 3 are shared by the suites; prompt 2 is the one the lock test locks. */
export const thread = (n: 1 | 2 | 3) => `${DISCUSS}/${n}`;

/** SvelteKit mounts its route announcer once the client has hydrated the page. */
export const hydrated = (page: Page) => expect(page.locator('#svelte-announcer')).toBeAttached();

/** A fresh browser context, as another person on another machine (own client address). */
export function newPerson(browser: Browser, options: { javaScriptEnabled?: boolean } = {}) {
	return browser.newContext({
		extraHTTPHeaders: { 'X-Forwarded-For': uniqueAddress() },
		...options
	});
}

export interface Person {
	page: Page;
	email: string;
	displayName: string;
	/** The user's id (for signing them in again, see `signInAgain`). */
	id: string;
}

/**
 * A new person signed in on `page` (made in the database: sign-up has its own suite).
 * `approved`: their posts go up at once (a new account's first two public posts otherwise wait
 * for a moderator).
 */
export async function join(
	page: Page,
	displayName: string,
	{ approved = true, role }: { approved?: boolean; role?: 'moderator' | 'admin' | 'teacher' } = {}
): Promise<Person> {
	const email = uniqueEmail(displayName.toLowerCase().replace(/\W+/g, '-'));
	const account = await signedIn(page, { email, displayName, role });
	if (approved) await sql('UPDATE users SET approved_post_count = 2 WHERE id = ?', [account.id]);
	return { page, email, displayName, id: account.id };
}

/**
 * Signs `person` in again on `page` (a new session and its cookie, as the sign-in form would):
 * one browser context can act as several people in turn, where no two act at once.
 */
export async function signInAgain(page: Page, person: { id: string }) {
	await signInAs(page.context(), person, baseURL());
}

/** A new person in their own browser context. */
export async function joinIn(
	browser: Browser,
	displayName: string,
	options: Parameters<typeof join>[2] & { javaScriptEnabled?: boolean } = {}
): Promise<Person & { context: BrowserContext }> {
	const context = await newPerson(browser, { javaScriptEnabled: options.javaScriptEnabled });
	const person = await join(await context.newPage(), displayName, options);
	return { ...person, context };
}

/** Moves a person's earlier posts 31 s into the past: clear of the one-post-per-30-s limit. */
export async function allowNextPost(email: string) {
	await sql(
		'UPDATE posts SET created_at = created_at - 31000 WHERE author_id = (SELECT id FROM users WHERE email = ?)',
		[email]
	);
}

/** The post id in the page's address (`#post-<id>`), where every write lands. */
export function postIdFrom(page: Page): string {
	const match = /#post-([\w-]+)$/.exec(page.url());
	expect(match, `a #post- anchor in ${page.url()}`).not.toBeNull();
	return match![1]!;
}

/** Writes a top-level post in thread `n` through the form; returns its id. */
export async function writePost(page: Page, n: 1 | 2 | 3, body: string, js = true) {
	await page.goto(thread(n));
	if (js) await hydrated(page);
	await page.getByLabel('Your response', { exact: true }).fill(body);
	await page.getByRole('button', { name: 'Post response' }).click();
	await expect(page).toHaveURL(/#post-[\w-]+$/);
	return postIdFrom(page);
}

/**
 * Writes a top-level post (or, given `parentId`, a reply) in thread `n` through the thread's own
 * form action over HTTP, as the page's form posts it without script, signed in by `request`'s
 * cookies (`page.request` shares its context's); returns the new post's id. For setting a thread
 * up where the writing is not what a test is about: the forms are walked by the tests about them.
 */
export async function postOverHttp(
	request: APIRequestContext,
	n: 1 | 2 | 3,
	body: string,
	parentId?: string
): Promise<string> {
	const action = parentId ? 'reply' : 'post';
	const response = await request.post(`${thread(n)}?/${action}`, {
		form: parentId ? { body, parentId } : { body },
		// As a browser posts it without script: from this site (SvelteKit refuses cross-site form
		// posts), wanting the HTML page back (else SvelteKit answers as to the enhanced form).
		headers: { Origin: new URL(baseURL()).origin, Accept: 'text/html' },
		maxRedirects: 0
	});
	const location = response.headers()['location'] ?? '';
	expect(response.status(), `${action} in thread ${n}: sent on to the post`).toBe(303);
	const match = /#post-([\w-]+)$/.exec(location);
	expect(match, `a #post- anchor in ${location}`).not.toBeNull();
	return match![1]!;
}

/** One post's own box (its header, body and forms), without its replies. */
export function postBox(page: Page, id: string): Locator {
	return page.locator(`[id="post-${id}"] > article`);
}

/** Replies to `parent` as the person on `page`, from the parent's permalink; returns the id. */
export async function reply(
	page: Page,
	n: 1 | 2 | 3,
	parent: string,
	authorName: string,
	body: string,
	js = true
) {
	await page.goto(`${thread(n)}/post/${parent}`);
	if (js) await hydrated(page);
	const box = postBox(page, parent);
	await box.getByText(`Reply to ${authorName}`, { exact: true }).click();
	await box.getByLabel(`Your reply to ${authorName}`).fill(body);
	await box.getByRole('button', { name: 'Post reply' }).click();
	await expect(page).not.toHaveURL(new RegExp(`#post-${parent}$`));
	await expect(page).toHaveURL(/#post-[\w-]+$/);
	return postIdFrom(page);
}

/** Reports a post as the person on `page`. */
export async function report(
	page: Page,
	n: 1 | 2 | 3,
	postId: string,
	authorName: string,
	reason: string,
	note = '',
	js = true
) {
	await page.goto(`${thread(n)}/post/${postId}`);
	if (js) await hydrated(page);
	const box = postBox(page, postId);
	await box.getByText(`Report post by ${authorName}`, { exact: true }).click();
	await box.getByLabel('Why are you reporting it?').selectOption({ label: reason });
	if (note) await box.getByLabel('Note for the moderators').fill(note);
	await box.getByRole('button', { name: 'Send report' }).click();
}
