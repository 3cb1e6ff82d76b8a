// Signed-in module pages from memory, in the real server (issue 14): a reader's page is rendered
// once for each different set of what it is drawn from (the article's content stamp, the
// reader's own state, their account, the marks cookie) and served from memory while all of it
// stays the same. Every view still asks the database for the session and the reader's view
// (support/statement-log.mjs counts them), so whatever changes, by whichever process, shows on
// the next view; one reader never gets another's page; a renewed session keeps its cookie.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EARLY_TIMING } from '../../src/lib/server/early-answers';
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
let ana: TestUser;
let ben: TestUser;
let module: string;
let sectionId: string;

/** One GET of `path` as the holder of `token`, with its headers. */
async function get(path: string, token: string, headers: Record<string, string> = {}) {
	const response = await fetch(server.url + path, {
		headers: { accept: 'text/html', cookie: `lectern_session=${token}`, ...headers },
		redirect: 'manual'
	});
	return {
		status: response.status,
		etag: response.headers.get('etag'),
		cacheControl: response.headers.get('cache-control'),
		cache: response.headers.get('x-cache'),
		early: response.headers.get('server-timing') === EARLY_TIMING,
		setCookie: response.headers.getSetCookie(),
		body: await response.text()
	};
}

const isRead = (html: string) => html.includes('You marked this module read.');

// The same page, the same behaviour: through the app alone, and as `npm start` serves it, where
// a reader's page held in memory is answered before the app (src/lib/server/early-answers.ts).
describe.each([
	{ how: 'the app', early: false },
	{ how: 'npm start, answering early', early: true }
])('served by $how', ({ early }) => {
	beforeAll(async () => {
		counting = await startCountingServer(2, { asStarted: early });
		server = counting.server;
		[ana, ben] = counting.readers as [TestUser, TestUser];
		const { rows } = await counting.client.execute({
			sql: `SELECT sections.id, sections.slug FROM sections JOIN articles ON articles.id = sections.article_id
				WHERE articles.slug = ? AND sections.kind = 'lesson' ORDER BY sections.position LIMIT 1`,
			args: [SEED_SLUG]
		});
		sectionId = String(rows[0]!.id);
		module = `/lessons/${SEED_SLUG}/${String(rows[0]!.slug)}`;
	}, PREPARE_TIMEOUT_MS);

	afterAll(() => counting?.close());

	describe('a signed-in reader’s module page', () => {
		it('is served from memory: the same page with the same ETag, 304 when the reader holds it, two statements a view', async () => {
			const first = await get(module, ana.token);
			const second = await get(module, ana.token);
			expect(first.status).toBe(200);
			expect(second.body).toBe(first.body);
			expect(first.etag).toMatch(/^(W\/)?"/);
			expect(second.etag).toBe(first.etag);
			expect(first.cacheControl).toBe('private, no-cache');
			expect(second.cache).toBe('hit');
			expect(second.early).toBe(early);
			const held = await get(module, ana.token, { 'if-none-match': first.etag! });
			expect(held.status).toBe(304);
			expect(held.body).toBe('');
			// The session and the reader's view: nothing else, however often the page is seen.
			counting.statements();
			expect((await get(module, ana.token)).status).toBe(200);
			const sql = counting.statements();
			expect(sql, sql.join('\n')).toHaveLength(2);
			expect(sql[0]).toMatch(/from "sessions" inner join "users" .* where "sessions"\."id" = \?$/);
			expect(sql[1]).toMatch(/ from "articles" where "articles"\."slug" = \?$/);
		});

		it('gives each reader their own page, whoever viewed first', async () => {
			const asAna = await get(module, ana.token);
			const asBen = await get(module, ben.token);
			expect(asAna.body).toContain('reader 0');
			expect(asAna.body).not.toContain('reader 1');
			expect(asBen.body).toContain('reader 1');
			expect(asBen.body).not.toContain('reader 0');
			expect(asBen.etag).not.toBe(asAna.etag);
		});

		it('shows the reader’s own change at once: marked read, then not', async () => {
			expect(isRead((await get(module, ana.token)).body)).toBe(false);
			const read = await request(server, `${module}?/read`, {
				token: ana.token,
				form: new URLSearchParams()
			});
			expect(read.status).toBe(303);
			const after = await get(module, ana.token);
			expect(isRead(after.body)).toBe(true);
			// Ben's page, seen before Ana read it, is unchanged.
			expect(isRead((await get(module, ben.token)).body)).toBe(false);
			await request(server, `${module}?/unread`, { token: ana.token, form: new URLSearchParams() });
			expect(isRead((await get(module, ana.token)).body)).toBe(false);
		});

		it('shows what another process changed on the next view: progress, a new name, a new role', async () => {
			const before = await get(module, ben.token);
			expect(before.body).not.toContain('href="/admin"');
			await counting.client.execute({
				sql: 'INSERT INTO section_progress (user_id, section_id, read_at) VALUES (?, ?, ?)',
				args: [ben.id, sectionId, Date.now()]
			});
			expect(isRead((await get(module, ben.token)).body)).toBe(true);
			await counting.client.execute({
				sql: "UPDATE users SET display_name = 'Benedict Elsewhere', role = 'admin' WHERE id = ?",
				args: [ben.id]
			});
			const after = await get(module, ben.token);
			expect(after.cache).toBe('miss');
			expect(after.body).toContain('Benedict Elsewhere');
			expect(after.body).toContain('href="/admin"');
			expect(after.etag).not.toBe(before.etag);
		});

		it('shows a change to the article’s content on the next view', async () => {
			const before = await get(module, ana.token);
			const { rows } = await counting.client.execute({
				sql: 'SELECT title FROM sections WHERE id = ?',
				args: [sectionId]
			});
			const title = String(rows[0]!.title);
			// As an import would: the section's text and the article's version move together.
			await counting.client.batch(
				[
					{
						sql: 'UPDATE sections SET title = ? WHERE id = ?',
						args: [`${title} (revised)`, sectionId]
					},
					{ sql: 'UPDATE articles SET version = version + 1 WHERE slug = ?', args: [SEED_SLUG] }
				],
				'write'
			);
			const after = await get(module, ana.token);
			expect(after.body).toContain(`${title} (revised)`);
			expect(after.etag).not.toBe(before.etag);
		});

		it('keeps the marks cookie’s choice apart', async () => {
			const shown = await get(module, ana.token);
			const hidden = await get(module, ana.token, {
				cookie: `lectern_session=${ana.token}; lectern_marks=off`
			});
			expect(hidden.status).toBe(200);
			expect(hidden.etag).not.toBe(shown.etag);
		});

		it('renews a session that is due, with its cookie, even for a page already in memory', async () => {
			const before = await get(module, ana.token);
			expect(before.status).toBe(200);
			await counting.client.execute({
				sql: 'UPDATE sessions SET expires_at = ? WHERE user_id = ?',
				args: [Date.now() + 24 * 60 * 60_000, ana.id]
			});
			const renewed = await get(module, ana.token);
			expect(renewed.status).toBe(200);
			expect(renewed.setCookie.some((c) => c.startsWith('lectern_session='))).toBe(true);
			expect(isRead(renewed.body)).toBe(false);
			// Renewed, the next view needs no cookie and comes from memory again.
			const next = await get(module, ana.token);
			expect(next.setCookie).toEqual([]);
			expect(renewed.cache).toBeNull();
			expect(next.body).toBe(renewed.body);
			expect(next.cache).toBe('hit');
			expect(next.etag).toBe(before.etag);
		});

		it('tells a browser whose session cookie is stale to drop it, even when the anonymous page is in memory', async () => {
			// An anonymous view first: the page is now in the anonymous cache.
			const anonymous = await fetch(server.url + module, { headers: { accept: 'text/html' } });
			expect(anonymous.status).toBe(200);
			await anonymous.text();
			const stale = await get(module, 'a-session-nobody-has');
			expect(stale.status).toBe(200);
			expect(stale.setCookie.some((c) => /^lectern_session=;.*Max-Age=0/i.test(c))).toBe(true);
			expect(stale.body).not.toContain('reader 0');
		});
	});

	describe('the server process', () => {
		it('starts and serves reading, quiz and thread pages without loading the NLP library (compromise: ~45 MB, for imports only)', async () => {
			const pages = [
				'/',
				`/lessons/${SEED_SLUG}`,
				module,
				`/lessons/${SEED_SLUG}/quiz`,
				`/lessons/${SEED_SLUG}/discuss/1`
			];
			for (const path of pages) expect((await get(path, ben.token)).status, path).toBe(200);
			const packages = counting.packages();
			// The log sees what the server imports by name…
			expect(packages.has('drizzle-orm')).toBe(true);
			expect(packages.has('@libsql/client')).toBe(true);
			// …and the start (the bundled article unchanged for this build) and the pages never
			// needed compromise.
			expect([...packages]).not.toContain('compromise');
		});
	});
});
