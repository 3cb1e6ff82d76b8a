import { describe, expect, it } from 'vitest';
import { PageCache, TtlMemo, fromMemory, matchesEtag } from './page-cache';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('the anonymous page cache', () => {
	it('serves a page while its article version is unchanged', () => {
		const cache = new PageCache();
		const stored = cache.set('/lessons/a/b', 'v1', bytes('<html>'), [
			['content-type', 'text/html']
		]);
		expect(cache.get('/lessons/a/b', 'v1')).toBe(stored);
	});
	it('drops a page as soon as its article changes', () => {
		const cache = new PageCache();
		cache.set('/lessons/a/b', 'v1', bytes('<html>'), []);
		expect(cache.get('/lessons/a/b', 'v2')).toBeUndefined();
		expect(cache.size).toBe(0);
	});
	it('gives the same bytes the same strong ETag and different bytes another', () => {
		const cache = new PageCache();
		const a = cache.set('x', 'v', bytes('one'), []);
		const b = cache.set('y', 'v', bytes('one'), []);
		const c = cache.set('z', 'v', bytes('two'), []);
		expect(a.etag).toMatch(/^"[\w-]+"$/);
		expect(a.etag).toBe(b.etag);
		expect(a.etag).not.toBe(c.etag);
	});
	it('evicts the least recently used page beyond its size', () => {
		const cache = new PageCache(2);
		cache.set('a', 'v', bytes('a'), []);
		cache.set('b', 'v', bytes('b'), []);
		cache.get('a', 'v');
		cache.set('c', 'v', bytes('c'), []);
		expect(cache.get('b', 'v')).toBeUndefined();
		expect(cache.get('a', 'v')).toBeDefined();
		expect(cache.get('c', 'v')).toBeDefined();
	});
	it('evicts the least recently used pages beyond its byte budget, and counts what it holds', () => {
		const cache = new PageCache(100, 250);
		const page = (n: number) => new Uint8Array(n);
		cache.set('/a', 'v1', page(100), []);
		cache.set('/b', 'v1', page(100), []);
		expect(cache.byteSize).toBe(200);
		cache.get('/a', 'v1');
		cache.set('/c', 'v1', page(100), []);
		expect(cache.get('/b', 'v1')).toBeUndefined();
		expect(cache.get('/a', 'v1')).toBeDefined();
		expect(cache.byteSize).toBe(200);
		// A page replaced or dropped for a new version gives its bytes back.
		cache.set('/a', 'v1', page(50), []);
		expect(cache.byteSize).toBe(150);
		expect(cache.get('/c', 'v2')).toBeUndefined();
		expect(cache.byteSize).toBe(50);
	});

	it('matches If-None-Match lists, weak tags and *', () => {
		expect(matchesEtag('"abc"', '"abc"')).toBe(true);
		expect(matchesEtag('"x", W/"abc"', '"abc"')).toBe(true);
		expect(matchesEtag('*', '"abc"')).toBe(true);
		expect(matchesEtag('"abd"', '"abc"')).toBe(false);
		expect(matchesEtag(null, '"abc"')).toBe(false);
	});
});

describe('the one-second memo of article versions', () => {
	it('looks a key up once within its lifetime and again after it', async () => {
		let clock = 0;
		let calls = 0;
		const memo = new TtlMemo(
			1000,
			async (k: string) => `${k}:${++calls}`,
			() => clock
		);
		expect(await memo.get('a')).toBe('a:1');
		clock = 999;
		expect(await memo.get('a')).toBe('a:1');
		clock = 1000;
		expect(await memo.get('a')).toBe('a:2');
	});
	it('hands out, without waiting, only an answer already in hand and within its lifetime', async () => {
		let clock = 0;
		let finish: (value: string) => void = () => {};
		const memo = new TtlMemo(
			1000,
			() => new Promise<string>((resolve) => (finish = resolve)),
			() => clock
		);
		expect(memo.current('a')).toBeUndefined();
		const pending = memo.get('a');
		expect(memo.current('a')).toBeUndefined();
		finish('v1');
		await pending;
		expect(memo.current('a')).toBe('v1');
		clock = 999;
		expect(memo.current('a')).toBe('v1');
		clock = 1000;
		expect(memo.current('a')).toBeUndefined();
		// current() looks nothing up: only get() does.
		expect(memo.current('a')).toBeUndefined();
		void memo.get('a');
		finish('v2');
		await memo.get('a');
		expect(memo.current('a')).toBe('v2');
	});
	it('does not remember a failed lookup', async () => {
		let fail = true;
		const memo = new TtlMemo(1000, async () => {
			if (fail) throw new Error('database away');
			return 'ok';
		});
		await expect(memo.get('a')).rejects.toThrow('database away');
		fail = false;
		expect(await memo.get('a')).toBe('ok');
	});
});

describe('pages drawn once for requests that ask at the same time', () => {
	const request = () => new Request('http://lectern.test/page');
	/** A render that counts itself and answers once `release` is called. */
	function slowRender(answer: () => Response) {
		const calls = { n: 0 };
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const render = async () => {
			calls.n++;
			await gate;
			return answer();
		};
		return { calls, render, release };
	}
	const page = () => new Response('<p>the page</p>', { headers: { 'content-type': 'text/html' } });

	it('draws a page once for ten requests that ask while it is drawn; the others get it from memory', async () => {
		const cache = new PageCache();
		const { calls, render, release } = slowRender(page);
		const answers = Array.from({ length: 10 }, () =>
			fromMemory(cache, request(), '/page', 'v1', render, 'no-cache')
		);
		await new Promise((resolve) => setTimeout(resolve, 10));
		release();
		const responses = await Promise.all(answers);
		expect(calls.n).toBe(1);
		expect(await Promise.all(responses.map((r) => r.text()))).toEqual(
			Array(10).fill('<p>the page</p>')
		);
		expect(responses.map((r) => r.headers.get('x-cache')).sort()).toEqual([
			...Array(9).fill('hit'),
			'miss'
		]);
		expect(cache.drawing.size).toBe(0);
		// Another version is drawn again, once.
		const next = slowRender(page);
		const again = [1, 2, 3].map(() =>
			fromMemory(cache, request(), '/page', 'v2', next.render, 'no-cache')
		);
		next.release();
		await Promise.all(again);
		expect(next.calls.n).toBe(1);
	});

	it('lets each waiting request draw its own when the drawing keeps nothing: a refusal, a cookie, an error', async () => {
		for (const answer of [
			() => new Response('no', { status: 403 }),
			() => new Response('set', { headers: { 'set-cookie': 'a=1' } }),
			() => {
				throw new Error('the render failed');
			}
		]) {
			const cache = new PageCache();
			const first = slowRender(answer);
			const drawing = fromMemory(cache, request(), '/page', 'v1', first.render, 'no-cache');
			let waiterRendered = 0;
			const waiting = fromMemory(
				cache,
				request(),
				'/page',
				'v1',
				() => {
					waiterRendered++;
					return page();
				},
				'no-cache'
			);
			await new Promise((resolve) => setTimeout(resolve, 10));
			expect(waiterRendered).toBe(0);
			first.release();
			await drawing.catch(() => undefined);
			const response = await waiting;
			expect(waiterRendered).toBe(1);
			expect(await response.text()).toBe('<p>the page</p>');
			expect(cache.drawing.size).toBe(0);
		}
	});
});
