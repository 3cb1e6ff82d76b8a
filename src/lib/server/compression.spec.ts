import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import {
	chooseEncoding,
	compress,
	compressHtml,
	CompressedBodies,
	MIN_COMPRESSED_BYTES
} from './compression';

const page = '<!doctype html><p>' + 'A module of the article. '.repeat(200) + '</p>';

/** Runs the handle on one request whose resolve answers `answer()`; counts the resolves. */
function run(
	handle: ReturnType<typeof compressHtml>,
	answer: () => Response,
	request: RequestInit & { headers?: Record<string, string> } = {}
) {
	const event = { request: new Request('http://x/lessons/a/b', request) } as RequestEvent;
	return handle({ event, resolve: async () => answer() });
}

const html = (body = page, headers: Record<string, string> = {}) =>
	new Response(body, { headers: { 'content-type': 'text/html', ...headers } });

describe('chooseEncoding', () => {
	it('prefers brotli, then gzip, honouring q=0 and *', () => {
		expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
		expect(chooseEncoding('gzip, br;q=0')).toBe('gzip');
		expect(chooseEncoding('GZIP;q=0.5')).toBe('gzip');
		expect(chooseEncoding('*')).toBe('br');
		expect(chooseEncoding('*, br;q=0')).toBe('gzip');
		expect(chooseEncoding('identity')).toBeNull();
		expect(chooseEncoding('gzip;q=0, br;q=0')).toBeNull();
		expect(chooseEncoding('')).toBeNull();
		expect(chooseEncoding(null)).toBeNull();
	});
});

describe('compressHtml', () => {
	it('sends HTML in brotli or gzip, byte for byte the page, varying by Accept-Encoding', async () => {
		const handle = compressHtml();
		const br = await run(handle, () => html(page, { vary: 'Cookie' }), {
			headers: { 'accept-encoding': 'gzip, br' }
		});
		expect(br.headers.get('content-encoding')).toBe('br');
		expect(br.headers.get('vary')).toBe('Cookie, Accept-Encoding');
		const brBytes = Buffer.from(await br.arrayBuffer());
		expect(brBytes.length).toBeLessThan(page.length / 5);
		expect(brotliDecompressSync(brBytes).toString()).toBe(page);

		const gz = await run(handle, () => html(), { headers: { 'accept-encoding': 'gzip' } });
		expect(gz.headers.get('content-encoding')).toBe('gzip');
		expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(page);
	});

	it('leaves alone what is not HTML, already encoded, small, bodiless, or not accepted', async () => {
		const handle = compressHtml();
		const accept = { headers: { 'accept-encoding': 'br, gzip' } };
		const json = await run(
			handle,
			() => new Response(page, { headers: { 'content-type': 'application/json' } }),
			accept
		);
		expect(json.headers.get('content-encoding')).toBeNull();
		expect(await json.text()).toBe(page);

		const encoded = await run(handle, () => html(page, { 'content-encoding': 'gzip' }), accept);
		expect(await encoded.text()).toBe(page);

		const small = 'x'.repeat(MIN_COMPRESSED_BYTES - 1);
		const tiny = await run(handle, () => html(small), accept);
		expect(tiny.headers.get('content-encoding')).toBeNull();
		expect(tiny.headers.get('vary')).toBe('Accept-Encoding');
		expect(await tiny.text()).toBe(small);

		const notModified = await run(handle, () => new Response(null, { status: 304 }), accept);
		expect(notModified.status).toBe(304);

		const plain = await run(handle, () => html());
		expect(plain.headers.get('content-encoding')).toBeNull();
		expect(await plain.text()).toBe(page);
	});

	it('compresses a page with a strong ETag once, and answers its ETag weak', async () => {
		const memo = new CompressedBodies();
		const handle = compressHtml(memo);
		const accept = { headers: { 'accept-encoding': 'br' } };
		const first = await run(handle, () => html(page, { etag: '"v1"' }), accept);
		expect(first.headers.get('etag')).toBe('W/"v1"');
		const kept = memo.get('br "v1"');
		expect(kept && brotliDecompressSync(kept).toString()).toBe(page);

		// What the memo holds under a strong ETag is what is sent for it (no compressing again).
		memo.set('br "v9"', await compress(new TextEncoder().encode('remembered'), 'br'));
		const again = await run(handle, () => html(page, { etag: '"v9"' }), accept);
		expect(brotliDecompressSync(Buffer.from(await again.arrayBuffer())).toString()).toBe(
			'remembered'
		);

		// Another body under another ETag is compressed anew: never the old page.
		const changed = page.replace('module', 'changed module');
		const third = await run(handle, () => html(changed, { etag: '"v2"' }), accept);
		expect(brotliDecompressSync(Buffer.from(await third.arrayBuffer())).toString()).toBe(changed);
		// A weak or absent ETag is never remembered: the body may change under it.
		await run(handle, () => html(changed, { etag: 'W/"v3"' }), accept);
		expect(memo.get('br W/"v3"')).toBeUndefined();
	});
});
