import { createHash } from 'node:crypto';

/**
 * Rendered pages kept in memory for anonymous readers: the module page is what most traffic
 * hits and is the same for every visitor without a session. An entry is valid while its
 * article's version fingerprint is unchanged, so a re-import is seen at once, even one
 * made by another process.
 */
export interface CachedPage {
	fingerprint: string;
	etag: string;
	body: Uint8Array<ArrayBuffer>;
	headers: [string, string][];
}

export class PageCache {
	private readonly entries = new Map<string, CachedPage>();
	private bytes = 0;
	/**
	 * Pages being drawn now, by key and fingerprint, with what each drawing will keep: a request
	 * for the same page meanwhile waits for it instead of drawing it again (fromMemory).
	 */
	readonly drawing = new Map<string, Promise<CachedPage | undefined>>();
	/** Bounded in count and in bytes: the cache must stay well inside a worker's heap (start.js). */
	constructor(
		private readonly maxEntries = 500,
		private readonly maxBytes = 24 * 1024 * 1024
	) {}

	get(key: string, fingerprint: string): CachedPage | undefined {
		const entry = this.entries.get(key);
		if (!entry) return undefined;
		if (entry.fingerprint !== fingerprint) {
			this.remove(key);
			return undefined;
		}
		// Most recently used last, so the oldest is evicted first.
		this.entries.delete(key);
		this.entries.set(key, entry);
		return entry;
	}

	set(
		key: string,
		fingerprint: string,
		body: Uint8Array<ArrayBuffer>,
		headers: [string, string][]
	): CachedPage {
		const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
		const entry = { fingerprint, etag, body, headers };
		this.remove(key);
		this.entries.set(key, entry);
		this.bytes += body.byteLength;
		while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes)
			this.remove(this.entries.keys().next().value!);
		return entry;
	}

	private remove(key: string) {
		const entry = this.entries.get(key);
		if (!entry) return;
		this.bytes -= entry.body.byteLength;
		this.entries.delete(key);
	}

	/** The bodies' total size. */
	get byteSize() {
		return this.bytes;
	}

	get size() {
		return this.entries.size;
	}
}

/** Does an If-None-Match header name this ETag? */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
	if (!ifNoneMatch) return false;
	return ifNoneMatch.split(',').some((t) => {
		const tag = t.trim().replace(/^W\//, '');
		return tag === etag || tag === '*';
	});
}

/** Remembers an async lookup's answer per key for `ttlMs` (errors are not remembered). */
export class TtlMemo<T> {
	private readonly entries = new Map<string, { at: number; value: Promise<T>; settled?: T }>();
	constructor(
		private readonly ttlMs: number,
		private readonly lookup: (key: string) => Promise<T>,
		private readonly now: () => number = Date.now
	) {}

	get(key: string): Promise<T> {
		const hit = this.entries.get(key);
		if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
		const entry: { at: number; value: Promise<T>; settled?: T } = {
			at: this.now(),
			value: this.lookup(key)
		};
		this.entries.set(key, entry);
		entry.value.then(
			(value) => (entry.settled = value),
			() => this.entries.get(key) === entry && this.entries.delete(key)
		);
		if (this.entries.size > 1000) this.entries.delete(this.entries.keys().next().value!);
		return entry.value;
	}

	/**
	 * The answer for `key` when one is remembered, still within its lifetime and already in hand;
	 * else undefined (and nothing is looked up): for a caller that cannot wait.
	 */
	current(key: string): T | undefined {
		const hit = this.entries.get(key);
		return hit && this.now() - hit.at < this.ttlMs ? hit.settled : undefined;
	}
}

/**
 * A page answered from `cache` when it holds `key` as drawn from `fingerprint`, else rendered
 * (`render`) and kept when it is a whole 200 that sets no cookie. Requests that ask for a page
 * while it is being drawn wait for that drawing (a class opening the same page at once, a burst
 * right after a new version: drawn once, not once each); when it keeps nothing (a refusal, a
 * cookie set, an error) each renders its own. Sent with the entry's ETag (304 when the client
 * holds it), `cacheControl`, `Vary: Cookie`, and `X-Cache: hit` or `miss`, which says whether
 * this view was drawn or came from memory.
 */
export async function fromMemory(
	cache: PageCache,
	request: Request,
	key: string,
	fingerprint: string,
	render: () => Response | Promise<Response>,
	cacheControl: string
): Promise<Response> {
	let entry = cache.get(key, fingerprint);
	const drawingId = `${key}\u0000${fingerprint}`;
	// Registered before anything is awaited, so that requests arriving together find it.
	const pending = entry ? undefined : cache.drawing.get(drawingId);
	if (pending) entry = await pending;
	const hit = entry !== undefined;
	if (!entry) {
		let kept!: (page: CachedPage | undefined) => void;
		const drawn = new Promise<CachedPage | undefined>((resolve) => (kept = resolve));
		const first = !cache.drawing.has(drawingId);
		if (first) cache.drawing.set(drawingId, drawn);
		try {
			const response = await render();
			if (response.status !== 200 || response.headers.has('set-cookie')) return response;
			const headers = [...response.headers].filter(
				([name]) => !['etag', 'content-length', 'date', 'cache-control'].includes(name)
			);
			entry = cache.set(key, fingerprint, new Uint8Array(await response.arrayBuffer()), headers);
		} finally {
			kept(entry);
			if (first) cache.drawing.delete(drawingId);
		}
	}
	const headers = new Headers(entry.headers);
	headers.set('ETag', entry.etag);
	headers.set('Cache-Control', cacheControl);
	headers.set('Vary', 'Cookie');
	headers.set('X-Cache', hit ? 'hit' : 'miss');
	if (matchesEtag(request.headers.get('if-none-match'), entry.etag)) {
		return new Response(null, { status: 304, headers });
	}
	return new Response(entry.body, { status: 200, headers });
}
