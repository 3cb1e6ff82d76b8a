import type { IncomingMessage, ServerResponse } from 'node:http';
import { chooseEncoding, type Encoding } from './compression';

/**
 * Anonymous module pages answered before the app (issue 14). The page cache in the hooks already
 * keeps a module page per article version, but every view still went through SvelteKit: the
 * Node request turned into a web Request, the hooks, the response streamed back: ~0.2 ms of a
 * core for bytes already in memory, a seventh of what nginx serves the same page at. Here the
 * page is kept as it last left the app (every header, compressed for each encoding asked) and a
 * worker of `npm start` (src/cli/worker.js) hands it out from the raw request when nothing about
 * the request could change it: a GET with no cookie, no query and no If-None-Match, for a page
 * the app itself answered from its cache, whose article is still at the version it was drawn
 * from (the hooks' one-second memo of article versions, read without waiting). Anything else
 * goes to the app, which answers as before and keeps what it sends here for the next reader.
 */
export interface EarlyPage {
	/** The article whose version the page was drawn from. */
	slug: string;
	fingerprint: string;
	/** As the app sent them, but Date (Node writes its own) and X-Cache. */
	headers: [string, string][];
	body: Uint8Array;
}

/** How a worker finds the answers (set by the app's hooks, read by src/cli/worker.js). */
export const EARLY_ANSWERS = Symbol.for('lectern.early-answers');

/** Sent with an answer from here, beside X-Cache: hit, so a reader of the headers can tell. */
export const EARLY_TIMING = 'cache;desc="memory, before the app"';

/** The key of a request's page: the path as sent and the encoding its Accept-Encoding picks. */
export function earlyKey(path: string, encoding: Encoding | null): string {
	return `${encoding ?? 'identity'} ${path}`;
}

export class EarlyAnswers {
	private readonly entries = new Map<string, EarlyPage>();
	private bytes = 0;
	/** Accept-Encoding headers seen, and the encoding each picks (browsers send a handful). */
	private readonly encodings = new Map<string, Encoding | null>();

	/**
	 * `current(slug)`: the article's version as known now without waiting, or undefined (then the
	 * request goes to the app, which looks it up again). Bounded in bytes: the bodies live
	 * beside a worker's heap (start.js bounds that), three encodings of each module page.
	 */
	constructor(
		private readonly current: (slug: string) => string | undefined,
		private readonly maxBytes = 8 * 1024 * 1024
	) {}

	get size() {
		return this.entries.size;
	}

	get byteSize() {
		return this.bytes;
	}

	/** Keeps what the app answered for `key`, replacing what was kept; the oldest go first. */
	keep(key: string, page: EarlyPage) {
		this.remove(key);
		if (page.body.byteLength > this.maxBytes) return;
		this.entries.set(key, page);
		this.bytes += page.body.byteLength;
		while (this.bytes > this.maxBytes) this.remove(this.entries.keys().next().value!);
	}

	private remove(key: string) {
		const page = this.entries.get(key);
		if (!page) return;
		this.bytes -= page.body.byteLength;
		this.entries.delete(key);
	}

	private encodingFor(header: string | undefined): Encoding | null {
		const value = header ?? '';
		let encoding = this.encodings.get(value);
		if (encoding === undefined) {
			encoding = chooseEncoding(value || null);
			if (this.encodings.size >= 64) this.encodings.clear();
			this.encodings.set(value, encoding);
		}
		return encoding;
	}

	/** Answers `request` from memory if it can; false when the app must answer it. */
	answer(request: IncomingMessage, response: ServerResponse): boolean {
		const url = request.url;
		const headers = request.headers;
		if (
			request.method !== 'GET' ||
			!url ||
			url.includes('?') ||
			headers.cookie !== undefined ||
			headers['if-none-match'] !== undefined
		) {
			return false;
		}
		const page = this.entries.get(earlyKey(url, this.encodingFor(headers['accept-encoding'])));
		if (!page || this.current(page.slug) !== page.fingerprint) return false;
		response.writeHead(200, [
			...page.headers.flat(),
			'x-cache',
			'hit',
			'server-timing',
			EARLY_TIMING,
			'content-length',
			String(page.body.byteLength)
		]);
		response.end(page.body);
		return true;
	}
}

/** The headers of a response the app sent, as kept: without Date, X-Cache and lengths. */
export function keptHeaders(headers: Headers): [string, string][] {
	return [...headers].filter(
		([name]) => !['date', 'x-cache', 'content-length', 'transfer-encoding'].includes(name)
	);
}
