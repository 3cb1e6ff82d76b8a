// Module pages answered before the app (issue 14), in `npm start`'s pool of two workers: once
// the app has drawn a page for a cookie-less reader, the next ones get the same bytes and
// headers from the worker's memory, without SvelteKit (Server-Timing says so), in every
// encoding; an article withdrawn or changed is not served from memory past the app's one-second
// memo of versions; and a reader with a cookie or a query always gets the app. A signed-in
// reader's module page, and their public thread page, come from memory only while the database
// says they are drawn from what they were: a new post, a suspension show at the next view.
import type { Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_SLUG } from './support/database';
import {
	PREPARE_TIMEOUT_MS,
	mintUsers,
	openClient,
	prepareBuild,
	seededDatabaseUrl,
	startPool,
	stopAllServers,
	type LecternServer,
	type PrivateBuild
} from './support/server';
import { EARLY_TIMING } from '../../src/lib/server/early-answers';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';

let build: PrivateBuild;
let database: Awaited<ReturnType<typeof seededDatabaseUrl>>;
let server: LecternServer;
let client: Client;
let module: string;

/** What may differ between two answers of the same page: when, and how it was sent. */
const TRANSPORT = [
	'date',
	'x-cache',
	'server-timing',
	'content-length',
	'transfer-encoding',
	'connection',
	'keep-alive'
];

async function get(path: string, headers: Record<string, string> = {}) {
	const response = await fetch(server.url + path, { headers, redirect: 'manual' });
	const body = Buffer.from(await response.arrayBuffer()).toString('base64');
	return {
		status: response.status,
		early: response.headers.get('server-timing') === EARLY_TIMING,
		cache: response.headers.get('x-cache'),
		headers: [...response.headers].filter(([name]) => !TRANSPORT.includes(name)),
		body
	};
}

/** Asks until `done` holds of an answer (the app's memo of versions lasts a second). */
async function until(
	path: string,
	done: (a: Awaited<ReturnType<typeof get>>) => boolean,
	headers: Record<string, string> = { 'accept-encoding': 'br' }
) {
	for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
		const answer = await get(path, headers);
		if (done(answer)) return answer;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`${path} never answered as expected`);
}

beforeAll(async () => {
	build = prepareBuild();
	database = await seededDatabaseUrl(build);
	server = await startPool({ build, databaseUrl: database.url }, 2);
	client = openClient(database.url);
	const { rows } = await client.execute({
		sql: `SELECT sections.slug FROM sections JOIN articles ON articles.id = sections.article_id
			WHERE articles.slug = ? AND sections.kind = 'lesson' ORDER BY sections.position LIMIT 1`,
		args: [SEED_SLUG]
	});
	module = `/lessons/${SEED_SLUG}/${String(rows[0]!.slug)}`;
}, PREPARE_TIMEOUT_MS);

afterAll(async () => {
	client?.close();
	await stopAllServers();
	build?.remove();
	if (database) rmSync(database.dir, { recursive: true, force: true });
});

describe('anonymous module pages, answered before the app', () => {
	it('once drawn, come from memory in each encoding: the same bytes and headers as the app sent', async () => {
		for (const encoding of ['br', 'gzip', 'identity']) {
			const answers = [];
			// Two workers, each with its own memory: enough views for both to draw and to answer.
			for (let i = 0; i < 8; i++) answers.push(await get(module, { 'accept-encoding': encoding }));
			const fromApp = answers.filter((a) => !a.early);
			const early = answers.filter((a) => a.early);
			expect(fromApp.length, encoding).toBeGreaterThanOrEqual(1);
			expect(fromApp.length, encoding).toBeLessThanOrEqual(2);
			expect(early.every((a) => a.cache === 'hit')).toBe(true);
			for (const answer of answers) {
				expect(answer.status).toBe(200);
				expect(answer.headers, encoding).toEqual(fromApp[0]!.headers);
				expect(answer.body, encoding).toBe(fromApp[0]!.body);
			}
			const contentEncoding = new Map(fromApp[0]!.headers).get('content-encoding') ?? 'identity';
			expect(contentEncoding).toBe(encoding);
		}
	});

	it('never for a reader with a cookie, a query or the page already in hand', async () => {
		await until(module, (a) => a.early);
		const asked = [
			await get(module, { cookie: 'lectern_session=not-a-session' }),
			await get(module, { cookie: 'lectern_marks=off' }),
			await get(`${module}?from=home`),
			await get(module, { 'if-none-match': 'W/"anything"' })
		];
		expect(asked.map((a) => a.early)).toEqual([false, false, false, false]);
	});

	it('for a signed-in reader, their own page while nothing it was drawn from changed: withdrawn, it is gone at once', async () => {
		const [reader] = await mintUsers(client, 1, 'early');
		const cookie = { cookie: `lectern_session=${reader!.token}`, 'accept-encoding': 'br' };
		const views = [];
		for (let i = 0; i < 6; i++) views.push(await get(module, cookie));
		expect(views.filter((v) => v.early).length).toBeGreaterThanOrEqual(4);
		for (const view of views) expect(view.body).toBe(views[0]!.body);
		// Another reader never gets it: their own page, drawn by the app first.
		const [other] = await mintUsers(client, 1, 'other');
		const theirs = await get(module, { cookie: `lectern_session=${other!.token}` });
		expect([theirs.status, theirs.early]).toEqual([200, false]);
		// No second to wait: the database is asked at every view.
		await client.execute({
			sql: `UPDATE articles SET status = 'draft' WHERE slug = ?`,
			args: [SEED_SLUG]
		});
		try {
			for (let i = 0; i < 4; i++) {
				const view = await get(module, cookie);
				expect([view.status, view.early]).toEqual([404, false]);
			}
		} finally {
			await client.execute({
				sql: `UPDATE articles SET status = 'published' WHERE slug = ?`,
				args: [SEED_SLUG]
			});
		}
	});

	it('not past the app’s second: a withdrawn article is gone, and its new version is drawn again', async () => {
		const before = await until(module, (a) => a.early);
		await client.execute({
			sql: `UPDATE articles SET status = 'draft' WHERE slug = ?`,
			args: [SEED_SLUG]
		});
		await until(module, (a) => a.status === 404);
		// Both workers now know: a run of views, none from memory, none the old page.
		for (let i = 0; i < 6; i++) {
			const answer = await get(module, { 'accept-encoding': 'br' });
			expect([answer.status, answer.early]).toEqual([404, false]);
		}
		// Published again with a new title: drawn again, then from memory, the new page.
		await client.execute({
			sql: `UPDATE articles SET status = 'published', version = version + 1 WHERE slug = ?`,
			args: [SEED_SLUG]
		});
		await client.execute({
			sql: `UPDATE sections SET title = 'A title set by the test' WHERE article_id =
				(SELECT id FROM articles WHERE slug = ?) AND slug = ?`,
			args: [SEED_SLUG, module.split('/').at(-1)!]
		});
		const renewed = await until(module, (a) => a.early);
		expect(renewed.status).toBe(200);
		expect(renewed.body).not.toBe(before.body);
	});

	it('are never kept from a reader who hid the source marks: the others get the page with them', async () => {
		const hidden = { cookie: 'lectern_marks=off', 'accept-encoding': 'identity' };
		const marksOff = [];
		for (let i = 0; i < 4; i++) marksOff.push(await get(module, hidden));
		expect(marksOff.map((a) => [a.status, a.early])).toEqual(Array(4).fill([200, false]));
		const plain = [];
		for (let i = 0; i < 6; i++) plain.push(await get(module, { 'accept-encoding': 'identity' }));
		expect(plain.some((a) => a.early)).toBe(true);
		for (const answer of plain) {
			expect(answer.body).not.toBe(marksOff[0]!.body);
			expect(answer.body).toBe(plain[0]!.body);
		}
	});
});

describe('a signed-in reader’s public thread page, answered before the app', () => {
	const thread = `/lessons/${SEED_SLUG}/discuss/1`;
	const as = (token: string) => ({
		cookie: `lectern_session=${token}`,
		'accept-encoding': 'identity'
	});
	const text = (answer: { body: string }) => Buffer.from(answer.body, 'base64').toString('utf8');

	/** A post in the thread written behind the server's back, as another process would. */
	async function postBehindTheServersBack(authorId: string, body: string) {
		const { rows } = await client.execute({
			sql: `SELECT threads.id FROM threads JOIN prompts ON prompts.id = threads.prompt_id
				JOIN articles ON articles.id = threads.article_id
				WHERE articles.slug = ? AND prompts.number = 1 AND threads.scope = 'public'`,
			args: [SEED_SLUG]
		});
		const id = randomUUID();
		await client.execute({
			sql: `INSERT INTO posts (id, thread_id, author_id, root_id, depth, body, html, status, created_at)
				VALUES (?, ?, ?, ?, 1, ?, ?, 'visible', ?)`,
			args: [id, String(rows[0]!.id), authorId, id, body, `<p>${body}</p>`, Date.now()]
		});
	}

	it('from memory while the thread and the reader are as they were; a new post and a suspension show at the next view', async () => {
		const [reader, other] = await mintUsers(client, 2, 'thread');
		const views = [];
		for (let i = 0; i < 6; i++) views.push(await get(thread, as(reader!.token)));
		expect(views.map((v) => v.status)).toEqual(Array(6).fill(200));
		expect(views.filter((v) => v.early).length).toBeGreaterThanOrEqual(4);
		for (const view of views) {
			expect(view.headers).toEqual(views[0]!.headers);
			expect(view.body).toBe(views[0]!.body);
		}
		// Another reader never gets it.
		expect((await get(thread, as(other!.token))).early).toBe(false);

		await postBehindTheServersBack(other!.id, 'A post no answer from memory may hide');
		const next = await get(thread, as(reader!.token));
		expect([next.status, next.early]).toEqual([200, false]);
		expect(text(next)).toContain('A post no answer from memory may hide');
		const again = await until(thread, (a) => a.early, as(reader!.token));
		expect(text(again)).toContain('A post no answer from memory may hide');

		await client.execute({
			sql: 'UPDATE users SET suspended_until = ? WHERE id = ?',
			args: [Date.now() + 86_400_000, reader!.id]
		});
		// Drawn again by the app, then from memory: every view says so.
		const suspended = [];
		for (let i = 0; i < 4; i++) suspended.push(await get(thread, as(reader!.token)));
		expect(suspended[0]!.early).toBe(false);
		for (const view of suspended) {
			expect(view.status).toBe(200);
			expect(text(view)).toContain('Your account is suspended until');
		}
	});

	it('never for an anonymous reader, nor for an address with a query (a page, an order, a notice)', async () => {
		const [reader] = await mintUsers(client, 1, 'pages');
		await until(thread, (a) => a.early, as(reader!.token));
		const asked = [];
		for (let i = 0; i < 4; i++) asked.push(await get(thread, { 'accept-encoding': 'identity' }));
		asked.push(await get(`${thread}?page=1&sort=oldest`, as(reader!.token)));
		asked.push(await get(`${thread}?notice=posted`, as(reader!.token)));
		expect(asked.map((a) => [a.status, a.early])).toEqual(Array(6).fill([200, false]));
	});
});
