// Helpers for the accounts, moderation and administration suites: people who act over HTTP only
// (an APIRequestContext of their own: no browser, no renderer), form posts as a browser without
// JavaScript sends them, and the few facts those suites read from a page's HTML. Used where the
// step is set-up or an HTTP answer, not the browser behaviour a test is about; each flow done
// here over HTTP is still walked in a browser by the test that is about it.
import { request, type APIRequestContext, type APIResponse } from '@playwright/test';
import { makeUser, baseURL, sessionState, type Account } from './actors';
import { expect, sql, uniqueAddress, uniqueEmail } from './fixtures';
import { thread } from './discussion';

type Role = 'learner' | 'teacher' | 'moderator' | 'admin';

/** Cookies (and origins) an HTTP client starts with. */
type StorageState = Exclude<Parameters<typeof request.newContext>[0], undefined>['storageState'];

/** An HTTP client of its own (its own client address, its own cookies): signed in as nobody. */
export function httpClient(storageState?: StorageState): Promise<APIRequestContext> {
	return request.newContext({
		baseURL: baseURL(),
		extraHTTPHeaders: { 'X-Forwarded-For': uniqueAddress() },
		storageState
	});
}

/** An HTTP client signed in as `account`, with a session made as the sign-in form makes one. */
export async function httpClientAs(account: { id: string }): Promise<APIRequestContext> {
	return request.newContext({
		baseURL: baseURL(),
		extraHTTPHeaders: { 'X-Forwarded-For': uniqueAddress() },
		storageState: await sessionState(account.id)
	});
}

/**
 * A person made in the database who acts over HTTP only. `approved`: their public posts go up at
 * once (as `join` in support/discussion.ts does).
 */
export async function httpPerson(
	displayName: string,
	{ approved = true, role = 'learner' }: { approved?: boolean; role?: Role } = {}
): Promise<Account & { http: APIRequestContext }> {
	const email = uniqueEmail(displayName.toLowerCase().replace(/\W+/g, '-'));
	const account = await makeUser({ email, displayName, role });
	if (approved) await sql('UPDATE users SET approved_post_count = 2 WHERE id = ?', [account.id]);
	return { ...account, http: await httpClientAs(account) };
}

/** A form posted as a browser without JavaScript posts it: from this site, wanting HTML back. */
export function postForm(
	client: APIRequestContext,
	path: string,
	form: Record<string, string>
): Promise<APIResponse> {
	return client.post(path, {
		form,
		headers: { Origin: new URL(baseURL()).origin, Accept: 'text/html' },
		maxRedirects: 0
	});
}

/** The Location of a 303 answer, after checking it is one. */
export function seeOther(response: APIResponse): string {
	expect(response.status(), `303 See Other from ${response.url()}`).toBe(303);
	return response.headers()['location']!;
}

/** Writes a top-level post in public thread `n` over HTTP (the thread's form, posted); its id. */
export async function writePostOverHttp(client: APIRequestContext, n: 1 | 2 | 3, body: string) {
	return postIdIn(seeOther(await postForm(client, `${thread(n)}?/post`, { body })));
}

/** Writes a top-level post in the thread at `path` over HTTP; its id. */
export async function writeOverHttp(client: APIRequestContext, path: string, body: string) {
	return postIdIn(seeOther(await postForm(client, `${path}?/post`, { body })));
}

/** The post id a thread address ends with (`#post-<id>`). */
export function postIdIn(location: string): string {
	const match = /#post-([\w-]+)$/.exec(location);
	expect(match, `a #post- anchor in ${location}`).not.toBeNull();
	return match![1]!;
}

/** Reports post `postId` of public thread `n` over HTTP; where the thread sends the reporter. */
export async function reportOverHttp(
	client: APIRequestContext,
	n: 1 | 2 | 3,
	postId: string,
	reason: 'spam' | 'harassment' | 'off-topic' | 'other',
	note = ''
) {
	return seeOther(await postForm(client, `${thread(n)}?/report`, { postId, reason, note }));
}

/** Decodes the few character references Svelte writes into text. */
function decode(text: string) {
	return text
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&');
}

/**
 * The text of every element with `role="<role>"` in a page's HTML, tags dropped and white space
 * collapsed, as `toHaveText` reads it (the elements these suites read hold no nested element
 * of the same tag).
 */
export function textsOfRole(html: string, role: string): string[] {
	const texts: string[] = [];
	const opening = new RegExp(`<(\\w+)\\b[^>]*\\brole="${role}"[^>]*>`, 'g');
	for (const match of html.matchAll(opening)) {
		const tag = match[1]!;
		const start = match.index! + match[0].length;
		const end = html.indexOf(`</${tag}>`, start);
		const inner = html.slice(start, end).replace(/<[^>]*>/g, '');
		texts.push(decode(inner).replace(/\s+/g, ' ').trim());
	}
	return texts;
}

/** The page's HTML after following `location` (a GET, as the browser would after a 303). */
export async function htmlAt(client: APIRequestContext, location: string) {
	const response = await client.get(location);
	expect(response.status(), location).toBe(200);
	return response.text();
}

/** The site header of a page's HTML. */
export function headerOf(html: string): string {
	const start = html.indexOf('<header');
	return html.slice(start, html.indexOf('</header>', start));
}

/** The texts of the links (`<a>`) in an HTML fragment, tags dropped. */
export function linkTexts(fragment: string): string[] {
	return [...fragment.matchAll(/<a\b[^>]*>([\s\S]*?)<\/a>/g)].map((m) =>
		decode(m[1]!.replace(/<[^>]*>/g, ''))
			.replace(/\s+/g, ' ')
			.trim()
	);
}

/** The texts of the buttons in an HTML fragment, tags dropped. */
export function buttonTexts(fragment: string): string[] {
	return [...fragment.matchAll(/<button\b[^>]*>([\s\S]*?)<\/button>/g)].map((m) =>
		decode(m[1]!.replace(/<[^>]*>/g, ''))
			.replace(/\s+/g, ' ')
			.trim()
	);
}

/** The text of a page's `<main>`, tags dropped and white space collapsed. */
export function mainText(html: string): string {
	const start = html.indexOf('<main');
	const inner = html.slice(html.indexOf('>', start) + 1, html.indexOf('</main>', start));
	return decode(inner.replace(/<[^>]*>/g, ' '))
		.replace(/\s+/g, ' ')
		.trim();
}
