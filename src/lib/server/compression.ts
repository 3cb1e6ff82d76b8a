// HTML pages compressed for browsers that accept it. adapter-node serves the built assets
// precompressed but sends rendered pages as they are: a quiz attempt is ~84 kB of HTML, ~5×
// smaller in brotli, and on a slow mobile link (Lighthouse's 1.6 Mbps) that is most of the time
// before anything shows (issue 14). Only text/html: API JSON, CSV exports and files pass as they
// are.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Handle } from '@sveltejs/kit';
import { RecentlyUsed } from '../recently-used';

export type Encoding = 'br' | 'gzip';

/** Bodies shorter than this gain too little to be worth a compressor's time. */
export const MIN_COMPRESSED_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** The encoding to send for an Accept-Encoding header: brotli, else gzip, else none. */
export function chooseEncoding(acceptEncoding: string | null): Encoding | null {
	if (!acceptEncoding) return null;
	const accepted = new Map<string, number>();
	for (const part of acceptEncoding.split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		if (!name) continue;
		const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
		accepted.set(name, q === undefined ? 1 : Number(q));
	}
	const allows = (name: Encoding) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
	if (allows('br')) return 'br';
	if (allows('gzip')) return 'gzip';
	return null;
}

/** `body` in `encoding`: brotli at quality 5 (fast, and already smaller than gzip's best). */
export async function compress(
	body: Uint8Array,
	encoding: Encoding
): Promise<Uint8Array<ArrayBuffer>> {
	const out =
		encoding === 'br'
			? await brotli(body, {
					params: {
						[constants.BROTLI_PARAM_QUALITY]: 5,
						[constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength
					}
				})
			: await gzipped(body, { level: 6 });
	return new Uint8Array(out);
}

/**
 * Compressed bodies of identical pages, by strong ETag (the anonymous page cache's: a hash of
 * the body) and encoding: a cached page is compressed once, not on every request. Bounded.
 */
export class CompressedBodies extends RecentlyUsed<string, Uint8Array<ArrayBuffer>> {
	constructor(limit = 256) {
		super(limit);
	}
}

/** A handle (outermost) that compresses HTML responses; everything else passes unchanged. */
export function compressHtml(memo = new CompressedBodies()): Handle {
	return async ({ event, resolve }) => {
		const response = await resolve(event);
		const encoding = chooseEncoding(event.request.headers.get('accept-encoding'));
		const type = response.headers.get('content-type') ?? '';
		if (
			!encoding ||
			!response.body ||
			event.request.method === 'HEAD' ||
			!type.startsWith('text/html') ||
			response.headers.has('content-encoding')
		) {
			return response;
		}
		const headers = new Headers(response.headers);
		const vary = headers.get('vary');
		headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
		const body = new Uint8Array(await response.arrayBuffer());
		if (body.byteLength < MIN_COMPRESSED_BYTES) {
			return new Response(body, { status: response.status, headers });
		}
		const etag = headers.get('etag');
		const strong = etag && !etag.startsWith('W/') ? etag : null;
		const key = strong ? `${encoding} ${strong}` : null;
		let compressed = key ? memo.get(key) : undefined;
		if (!compressed) {
			compressed = await compress(body, encoding);
			if (key) memo.set(key, compressed);
		}
		headers.set('Content-Encoding', encoding);
		headers.delete('content-length');
		// The same ETag for another encoding of the body would claim byte-for-byte equality.
		if (strong) headers.set('ETag', `W/${strong}`);
		return new Response(compressed, { status: response.status, headers });
	};
}
