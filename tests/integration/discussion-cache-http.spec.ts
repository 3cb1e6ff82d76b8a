// A thread page view in the real server, counted at the database driver (support/statement-log.mjs):
// once a thread version's page is in memory, a view asks the database for the session, the
// article, the thread row and (signed in) the reader's reports, never for the posts again, and
// the same number of statements for a thread of 2 posts as for one of a hundred. A write made
// behind the server's back (another process) is seen on the next view, and one reader's edit
// form never reaches another.
import { randomUUID } from 'node:crypto';
import type { Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_SLUG } from './support/database';
import {
	PREPARE_TIMEOUT_MS,
	request,
	startCountingServer,
	type CountingServer,
	type LecternServer,
	type TestUser
} from './support/server';

let counting: CountingServer;
let server: LecternServer;
let client: Client;
let ana: TestUser;
let ben: TestUser;
let smallThread: string;
const small = `/lessons/${SEED_SLUG}/discuss/1`;
const full = `/lessons/${SEED_SLUG}/discuss/2`;

/** Top-level posts by `author`, each with a reply by `replier`, straight into the thread. */
async function fill(path: string, roots: number, author: TestUser, replier: TestUser) {
	expect((await request(server, path)).status).toBe(200);
	const n = Number(path.split('/').pop());
	const { rows } = await client.execute({
		sql: `SELECT threads.id FROM threads JOIN prompts ON prompts.id = threads.prompt_id
			WHERE prompts.number = ? AND threads.scope = 'public'`,
		args: [n]
	});
	const threadId = String(rows[0]!.id);
	const start = Date.UTC(2026, 0, 1);
	const statements = [];
	for (let i = 0; i < roots; i++) {
		const root = randomUUID();
		const insert = `INSERT INTO posts (id, thread_id, author_id, parent_id, root_id, depth, reply_to_post_id, body, html, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'visible', ?)`;
		statements.push(
			{
				sql: insert,
				args: [
					root,
					threadId,
					author.id,
					null,
					root,
					1,
					null,
					`Root ${i}`,
					`<p>Root ${i}</p>`,
					start + i * 60_000
				]
			},
			{
				sql: insert,
				args: [
					randomUUID(),
					threadId,
					replier.id,
					root,
					root,
					2,
					root,
					`Reply ${i}`,
					`<p>Reply ${i}</p>`,
					start + i * 60_000 + 1000
				]
			}
		);
	}
	await client.batch(statements, 'write');
	return threadId;
}

/** The statements one GET of `path` made, after two views that warmed every cache. */
async function statementsOf(path: string, token?: string) {
	for (let i = 0; i < 2; i++) expect((await request(server, path, { token })).status).toBe(200);
	counting.statements();
	const page = await request(server, path, { token });
	expect(page.status).toBe(200);
	return counting.statements();
}

beforeAll(async () => {
	counting = await startCountingServer(2);
	({ server, client } = counting);
	[ana, ben] = counting.readers as [TestUser, TestUser];
	smallThread = await fill(small, 1, ana, ben);
	await fill(full, 100, ana, ben);
}, PREPARE_TIMEOUT_MS);

afterAll(() => counting?.close());

describe('a thread page view', () => {
	it('reads the thread row and the reader’s reports, not the posts, for 2 posts as for 100', async () => {
		const counts: Record<string, number> = {};
		for (const [name, path] of Object.entries({ small, full })) {
			for (const [who, token] of [
				['anonymous', undefined],
				['signed in', ben.token]
			] as const) {
				const sql = await statementsOf(path, token);
				counts[`${name} ${who}`] = sql.length;
				const touching = sql.filter((s) => /"(posts|reports|threads)"/.test(s));
				expect(
					touching.map((s) => /from "(\w+)"/.exec(s)?.[1]),
					sql.join('\n')
				).toEqual(who === 'anonymous' ? ['threads'] : ['threads', 'reports']);
				// A reader's view reads the article once (the reader view, which the thread's scope
				// takes its article from), not a second time to open the thread.
				if (who === 'signed in') {
					expect(
						sql.filter((s) => /from "articles"/.test(s)),
						sql.join('\n')
					).toHaveLength(1);
				}
			}
		}
		// The whole view, session and article included, is the same for 2 posts as for 100.
		expect(counts['full anonymous']).toBe(counts['small anonymous']);
		expect(counts['full signed in']).toBe(counts['small signed in']);
		expect(counts['full signed in']).toBeLessThanOrEqual(10);
		console.info('statements per thread page view (warm):', counts);
	});

	it('shows a change another process wrote, on the next view', async () => {
		const before = await request(server, small);
		expect(before.body).toContain('<p>Root 0</p>');
		await client.execute({
			sql: "UPDATE posts SET html = '<p>Rewritten elsewhere</p>' WHERE thread_id = ? AND depth = 1",
			args: [smallThread]
		});
		const after = await request(server, small);
		expect(after.body).toContain('<p>Rewritten elsewhere</p>');
		expect(after.body).not.toContain('<p>Root 0</p>');
	});

	it('gives each reader their own controls, whoever viewed first', async () => {
		// Ben's view fills the cache; Ana's comes from it, then Ben's again.
		const asBen = await request(server, full, { token: ben.token });
		const asAna = await request(server, full, { token: ana.token });
		const again = await request(server, full, { token: ben.token });
		const anonymous = await request(server, full);
		const edits = (html: string) => html.match(/action="\?\/edit[^"]*"/g)?.length ?? 0;
		const sources = (html: string, word: string) =>
			html.match(new RegExp(`<textarea[^>]*>${word} \\d+</textarea>`, 'g'))?.length ?? 0;
		// Ana wrote the 20 roots on page 1, Ben their 20 replies: each edits their own (the
		// edit window is over for these old posts, so only delete forms are offered).
		const deletes = (html: string) => html.match(/action="\?\/delete[^"]*"/g)?.length ?? 0;
		expect(deletes(asAna.body)).toBe(20);
		expect(deletes(asBen.body)).toBe(20);
		expect(deletes(again.body)).toBe(20);
		expect(deletes(anonymous.body)).toBe(0);
		for (const page of [asAna, asBen, anonymous]) {
			expect(edits(page.body)).toBe(0);
			expect(sources(page.body, 'Root') + sources(page.body, 'Reply')).toBe(0);
		}
		// Ana's delete forms name her posts, Ben's his.
		const named = (html: string) =>
			[
				...html.matchAll(
					/action="\?\/delete[^"]*"[^>]*>\s*<input type="hidden" name="postId" value="([^"]+)"/g
				)
			].map((m) => m[1]);
		const anas = named(asAna.body);
		const bens = named(asBen.body);
		expect(anas).toHaveLength(20);
		expect(bens).toHaveLength(20);
		expect(anas.filter((id) => bens.includes(id))).toEqual([]);
	});

	it('serves a signed-in reader’s thread page from memory until what it shows changes', async () => {
		const view = async (token: string, path = full) => {
			const response = await fetch(server.url + path, {
				headers: { accept: 'text/html', cookie: `lectern_session=${token}` }
			});
			return { cache: response.headers.get('x-cache'), body: await response.text() };
		};
		await view(ben.token);
		const again = await view(ben.token);
		expect(again.cache).toBe('hit');
		// Its data was worked out before the load ran, yet the page still tells the browser what
		// it depends on: another ?page= loads the data again after a navigation with script.
		expect(again.body).toContain('uses:{params:["article","n"],parent:1,url:1}');
		// Another page of it, and another reader's view, are pages of their own.
		expect((await view(ben.token, `${full}?page=3`)).cache).toBe('miss');
		expect((await view(ben.token, `${full}?page=3`)).cache).toBe('hit');
		const asAna = await view(ana.token);
		expect(asAna.body).not.toBe(again.body);
		// Posts rewritten elsewhere: the next view is drawn again and shows them, for each reader.
		await client.execute(
			"UPDATE posts SET html = '<p>Changed under the cache</p>' WHERE depth = 1 AND thread_id = (SELECT thread_id FROM posts WHERE html = '<p>Root 99</p>')"
		);
		const changed = await view(ben.token);
		expect(changed.cache).toBe('miss');
		expect(changed.body).toContain('Changed under the cache');
		expect((await view(ana.token)).body).toContain('Changed under the cache');
		expect((await view(ben.token)).cache).toBe('hit');
	});

	it('draws a signed-in reader’s page again when their own reports change, which no thread version counts', async () => {
		const view = async (token: string) => {
			const response = await fetch(server.url + full, {
				headers: { accept: 'text/html', cookie: `lectern_session=${token}` }
			});
			return { cache: response.headers.get('x-cache'), body: await response.text() };
		};
		const reportForms = (html: string) => html.match(/action="\?\/report[^"]*"/g)?.length ?? 0;
		await view(ben.token);
		const before = await view(ben.token);
		expect(before.cache).toBe('hit');
		// Ben reports one of Ana's posts on the page, from another process: the thread's
		// version stays, his page does not.
		const reported =
			/action="\?\/report[^"]*"[^>]*>\s*<input type="hidden" name="postId" value="([^"]+)"/.exec(
				before.body
			)?.[1];
		expect(reported).toBeDefined();
		await client.execute({
			sql: "INSERT INTO reports (id, post_id, reporter_id, reason, created_at) VALUES (?, ?, ?, 'spam', ?)",
			args: [randomUUID(), reported!, ben.id, Date.now()]
		});
		const after = await view(ben.token);
		expect(after.cache).toBe('miss');
		expect(reportForms(after.body)).toBe(reportForms(before.body) - 1);
		expect((await view(ben.token)).cache).toBe('hit');
	});

	it('serves an anonymous reader the first page from memory, with an ETag that moves with every post write', async () => {
		const get = (etag?: string) =>
			fetch(server.url + small, {
				headers: { accept: 'text/html', ...(etag ? { 'if-none-match': etag } : {}) }
			});
		const first = await get();
		await first.text();
		const etag = first.headers.get('etag');
		expect(first.headers.get('cache-control')).toMatch(/^public/);
		expect(etag).toBeTruthy();
		const again = await get(etag!);
		expect(again.status).toBe(304);
		// A reply written by another process: the next view is a new page that shows it.
		await client.execute({
			sql: "UPDATE posts SET html = '<p>Written meanwhile</p>' WHERE thread_id = ? AND depth = 1",
			args: [smallThread]
		});
		const after = await get(etag!);
		expect(after.status).toBe(200);
		expect(after.headers.get('etag')).not.toBe(etag);
		expect(await after.text()).toContain('<p>Written meanwhile</p>');
		// Signed-in readers never get the shared page.
		const signedIn = await request(server, small, { token: ben.token });
		expect(signedIn.status).toBe(200);
		expect(signedIn.body).toContain('Written meanwhile');
	});
});
