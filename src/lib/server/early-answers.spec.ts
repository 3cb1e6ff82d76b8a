import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from './auth/token';
import {
	EARLY_TIMING,
	EarlyAnswers,
	earlyKey,
	keptHeaders,
	lecternCookies,
	type EarlyPage
} from './early-answers';

// A real HTTP server whose requests meet the early answers first, as a worker's do
// (src/cli/worker.js); what they leave goes to "the app", which counts what it gets.
let server: Server;
let base: string;
let versions: Map<string, string>;
let early: EarlyAnswers;
let toApp: string[];
/** What each signed-in reader's page is drawn from now, by session id; and who was asked. */
let drawn: Map<string, string>;
let asked: string[];

const HEADERS: [string, string][] = [
	['content-type', 'text/html'],
	['etag', 'W/"abc"'],
	['vary', 'Cookie, Accept-Encoding'],
	['content-security-policy', "default-src 'self'"]
];
const page = (body: string, over: Partial<EarlyPage> = {}): EarlyPage => ({
	slug: 'seed',
	fingerprint: 'v1',
	headers: HEADERS,
	body: new TextEncoder().encode(body),
	...over
});

beforeAll(async () => {
	server = createServer(async (request, response) => {
		if (await early.answer(request, response)) return;
		toApp.push(`${request.method} ${request.url}`);
		response.writeHead(200, { 'x-from': 'app' });
		response.end('from the app');
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));
beforeEach(() => {
	versions = new Map([['seed', 'v1']]);
	drawn = new Map();
	asked = [];
	early = new EarlyAnswers((slug) => versions.get(slug), {
		async drawnFrom(sessionId, marksShown, { slug, prompt }) {
			const what = prompt === undefined ? slug : `${slug} thread ${prompt}`;
			asked.push(`${sessionId.slice(0, 8)} ${marksShown ? 'marks' : 'no marks'} ${what}`);
			return drawn.get(`${sessionId} ${marksShown}`);
		}
	});
	toApp = [];
});

async function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
	const response = await fetch(base + path, { method, headers });
	return { status: response.status, headers: response.headers, body: await response.text() };
}

describe('answers before the app', () => {
	it('a kept page, to a GET with no cookie, query or If-None-Match: as kept, marked as a hit from memory', async () => {
		early.keep(earlyKey('/lessons/seed/one', null), page('<p>one</p>'));
		const answer = await get('/lessons/seed/one', { 'accept-encoding': 'identity' });
		expect(toApp).toEqual([]);
		expect(answer.status).toBe(200);
		expect(answer.body).toBe('<p>one</p>');
		for (const [name, value] of HEADERS) expect(answer.headers.get(name)).toBe(value);
		expect(answer.headers.get('x-cache')).toBe('hit');
		expect(answer.headers.get('server-timing')).toBe(EARLY_TIMING);
		expect(answer.headers.get('content-length')).toBe('10');
		expect(answer.headers.get('date')).toBeTruthy();
	});

	it('the page kept for the encoding the request’s Accept-Encoding picks, and no other', async () => {
		early.keep(earlyKey('/m', 'br'), page('brotli bytes'));
		early.keep(earlyKey('/m', 'gzip'), page('gzip bytes'));
		expect((await get('/m', { 'accept-encoding': 'gzip, deflate, br' })).body).toBe('brotli bytes');
		expect((await get('/m', { 'accept-encoding': 'gzip;q=1, br;q=0' })).body).toBe('gzip bytes');
		expect((await get('/m', { 'accept-encoding': 'identity' })).body).toBe('from the app');
		expect(toApp).toEqual(['GET /m']);
	});

	it('leaves to the app whatever could change the page: a cookie, a query, If-None-Match, another method, another path', async () => {
		early.keep(earlyKey('/m', null), page('kept'));
		const plain = { 'accept-encoding': 'identity' };
		await get('/m', { ...plain, cookie: 'lectern_marks=off' });
		await get('/m?page=2', plain);
		await get('/m', { ...plain, 'if-none-match': 'W/"abc"' });
		await get('/m', plain, 'HEAD');
		await get('/m', plain, 'POST');
		await get('/m/', plain);
		await get('/M', plain);
		expect(toApp).toEqual([
			'GET /m',
			'GET /m?page=2',
			'GET /m',
			'HEAD /m',
			'POST /m',
			'GET /m/',
			'GET /M'
		]);
		expect((await get('/m', plain)).body).toBe('kept');
	});

	it('leaves to the app a page whose article moved on, or whose version is not in hand', async () => {
		early.keep(earlyKey('/m', null), page('drawn from v1'));
		const plain = { 'accept-encoding': 'identity' };
		versions.set('seed', 'v2');
		expect((await get('/m', plain)).body).toBe('from the app');
		versions.delete('seed');
		expect((await get('/m', plain)).body).toBe('from the app');
		versions.set('seed', 'v1');
		expect((await get('/m', plain)).body).toBe('drawn from v1');
		// What the app sends for the new version replaces it.
		versions.set('seed', 'v2');
		early.keep(earlyKey('/m', null), page('drawn from v2', { fingerprint: 'v2' }));
		expect((await get('/m', plain)).body).toBe('drawn from v2');
		expect(early.size).toBe(1);
	});
});

describe('a signed-in reader’s page, answered before the app', () => {
	const ana = hashToken('ana-token');
	const ben = hashToken('ben-token');
	const plain = { 'accept-encoding': 'identity' };

	it('when the database says it is drawn from what it was: the session, the marks, the article', async () => {
		early.keep(earlyKey('/m', null, ana), page('Ana’s page', { fingerprint: 'ana, marks' }));
		drawn.set(`${ana} true`, 'ana, marks');
		const answer = await get('/m', { ...plain, cookie: 'theme=dark; lectern_session=ana-token' });
		expect(answer.body).toBe('Ana’s page');
		expect(answer.headers.get('server-timing')).toBe(EARLY_TIMING);
		expect(asked).toEqual([`${ana.slice(0, 8)} marks seed`]);
		expect(toApp).toEqual([]);
	});

	it('not when anything it was drawn from changed, and never another session’s page', async () => {
		early.keep(earlyKey('/m', null, ana), page('Ana’s page', { fingerprint: 'ana, marks' }));
		drawn.set(`${ana} true`, 'ana, marks, read');
		expect((await get('/m', { ...plain, cookie: 'lectern_session=ana-token' })).body).toBe(
			'from the app'
		);
		// Ben holds no page here: the database is not even asked.
		drawn.set(`${ben} true`, 'ana, marks');
		expect((await get('/m', { ...plain, cookie: 'lectern_session=ben-token' })).body).toBe(
			'from the app'
		);
		// The marks hidden: asked with them off, and drawn from something else.
		drawn.set(`${ana} true`, 'ana, marks');
		expect(
			(await get('/m', { ...plain, cookie: 'lectern_session=ana-token; lectern_marks=off' })).body
		).toBe('from the app');
		expect(asked).toEqual([`${ana.slice(0, 8)} marks seed`, `${ana.slice(0, 8)} no marks seed`]);
		expect(toApp).toHaveLength(3);
	});

	it('a public thread’s page: asked of the database for that thread, and never to a reader without a session', async () => {
		const thread = '/lessons/seed/discuss/2';
		early.keep(earlyKey(thread, null, ana), page('Ana’s thread', { prompt: 2, fingerprint: 'a' }));
		// Kept by mistake without a session, a thread page is not answered: its posts change
		// without the article's version moving.
		early.keep(earlyKey(thread, null), page('anyone’s thread', { prompt: 2 }));
		drawn.set(`${ana} true`, 'a');
		expect((await get(thread, { ...plain, cookie: 'lectern_session=ana-token' })).body).toBe(
			'Ana’s thread'
		);
		drawn.set(`${ana} true`, 'a, with a new post');
		expect((await get(thread, { ...plain, cookie: 'lectern_session=ana-token' })).body).toBe(
			'from the app'
		);
		expect((await get(thread, plain)).body).toBe('from the app');
		expect(asked).toEqual([
			`${ana.slice(0, 8)} marks seed thread 2`,
			`${ana.slice(0, 8)} marks seed thread 2`
		]);
		expect(toApp).toEqual([`GET ${thread}`, `GET ${thread}`]);
	});

	it('not for a cookie that would need decoding, nor without a session', async () => {
		early.keep(earlyKey('/m', null, ana), page('Ana’s page', { fingerprint: 'ana, marks' }));
		drawn.set(`${ana} true`, 'ana, marks');
		for (const cookie of [
			'lectern_session="ana-token"',
			'lectern_session=ana%2Dtoken',
			'lectern_marks=off',
			'other=1'
		]) {
			expect((await get('/m', { ...plain, cookie })).body, cookie).toBe('from the app');
		}
		expect(asked).toEqual([]);
	});

	it('reads Lectern’s cookies as SvelteKit does: the first of a name, others ignored', () => {
		expect(lecternCookies('a=1; lectern_session=x; lectern_session=y; lectern_marks=off')).toEqual({
			session: 'x',
			marksShown: false
		});
		expect(lecternCookies('lectern_marks=on;lectern_session=t')).toEqual({
			session: 't',
			marksShown: true
		});
		expect(lecternCookies('theme=dark')).toEqual({ session: undefined, marksShown: true });
		expect(lecternCookies('lectern_session=a%20b')).toBeUndefined();
		// Another cookie's value is not Lectern's business.
		expect(lecternCookies('other="x%"; lectern_session=t')).toEqual({
			session: 't',
			marksShown: true
		});
	});
});

describe('what is kept', () => {
	it('is bounded in bytes: the oldest go first, and a page over the bound is not kept', () => {
		const small = new EarlyAnswers(() => 'v1', undefined, 100);
		small.keep('a', page('x'.repeat(40)));
		small.keep('b', page('x'.repeat(40)));
		expect([small.size, small.byteSize]).toEqual([2, 80]);
		small.keep('c', page('x'.repeat(40)));
		expect([small.size, small.byteSize]).toEqual([2, 80]);
		small.keep('b', page('x'.repeat(10)));
		expect([small.size, small.byteSize]).toEqual([2, 50]);
		small.keep('d', page('x'.repeat(101)));
		expect([small.size, small.byteSize]).toEqual([2, 50]);
	});

	it('keeps the app’s headers but its Date, X-Cache and lengths', () => {
		const headers = new Headers({
			date: 'Mon, 07 Dec 2026 20:00:00 GMT',
			'x-cache': 'miss',
			'content-length': '12',
			'content-type': 'text/html',
			etag: '"abc"',
			'x-frame-options': 'DENY'
		});
		expect(keptHeaders(headers)).toEqual([
			['content-type', 'text/html'],
			['etag', '"abc"'],
			['x-frame-options', 'DENY']
		]);
	});
});
