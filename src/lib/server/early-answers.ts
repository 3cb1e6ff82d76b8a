import type { IncomingMessage, ServerResponse } from 'node:http';
import { hashToken } from './auth/token';
import { SESSION_COOKIE } from './auth/session';
import { chooseEncoding, type Encoding } from './compression';
import { MARKS_COOKIE } from './reader-marks';

/**
 * Module pages (and signed-in readers' public thread pages) answered before the app (issue 14).
 * The page caches in the hooks already keep a
 * module page per article version (anonymous readers) and per reader and state (signed in), but
 * every view still went through SvelteKit: the Node request turned into a web Request, the
 * hooks, the response streamed back: ~0.4 ms of a core for bytes already in memory, a seventh of
 * what nginx serves the same page at. Here a page is kept as it last left the app (every header,
 * compressed for each encoding asked) and a worker of `npm start` (src/cli/worker.js) hands it
 * out from the raw request when nothing about the request could change it: a GET with no query
 * and no If-None-Match, for a page the app itself answered from its cache, and
 * - with no cookie: while the article is at the version the page was drawn from (the hooks'
 *   one-second memo of article versions, read without waiting);
 * - with Lectern's session cookie (the reader's own page, kept per session): while everything
 *   it was drawn from is as it was, asked of the database now (`EarlyReaders`), as the app's own
 *   cache asks: the session and account (when answering would write nothing), the reader's view
 *   of the article, the marks cookie.
 * Anything else goes to the app, which answers as before and keeps what it sends for next time.
 */
export interface EarlyPage {
	/** The article whose version the page was drawn from. */
	slug: string;
	/** A public thread's page: its prompt's number (kept for signed-in readers only). */
	prompt?: number;
	fingerprint: string;
	/** As the app sent them, but Date (Node writes its own) and X-Cache. */
	headers: [string, string][];
	body: Uint8Array;
}

/** A kept page with the header list it is sent with, made once. */
interface Kept extends EarlyPage {
	head: string[];
}

/** How a worker finds the answers (set by the app's hooks, read by src/cli/worker.js). */
export const EARLY_ANSWERS = Symbol.for('lectern.early-answers');

/** Sent with an answer from here, beside X-Cache: hit, so a reader of the headers can tell. */
export const EARLY_TIMING = 'cache;desc="memory, before the app"';

/**
 * The key of a request's page: the path as sent, the encoding its Accept-Encoding picks, and for
 * a signed-in reader the session (by its id, the token's hash).
 */
export function earlyKey(path: string, encoding: Encoding | null, sessionId?: string): string {
	const key = `${encoding ?? 'identity'} ${path}`;
	return sessionId ? `${key} ${sessionId}` : key;
}

/** What a signed-in reader's page is drawn from now (the app's reader cache's own key). */
export interface EarlyReaders {
	drawnFrom(
		sessionId: string,
		marksShown: boolean,
		page: Pick<EarlyPage, 'slug' | 'prompt'>
	): Promise<string | undefined>;
}

/**
 * Lectern's two cookies in a Cookie header, as SvelteKit reads them (the first of a name wins);
 * undefined when either is written in a way that would need decoding (then the app answers).
 */
export function lecternCookies(
	header: string
): { session: string | undefined; marksShown: boolean } | undefined {
	const found = new Map<string, string>();
	for (const part of header.split(';')) {
		const at = part.indexOf('=');
		if (at < 0) continue;
		const name = part.slice(0, at).trim();
		if ((name !== SESSION_COOKIE && name !== MARKS_COOKIE) || found.has(name)) continue;
		const value = part.slice(at + 1).trim();
		if (/[%"\\]/.test(value)) return undefined;
		found.set(name, value);
	}
	return { session: found.get(SESSION_COOKIE), marksShown: found.get(MARKS_COOKIE) !== 'off' };
}

export class EarlyAnswers {
	private readonly entries = new Map<string, Kept>();
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
		private readonly readers?: EarlyReaders,
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
		const head = [
			...page.headers.flat(),
			'x-cache',
			'hit',
			'server-timing',
			EARLY_TIMING,
			'content-length',
			String(page.body.byteLength)
		];
		this.entries.set(key, { ...page, head });
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

	/**
	 * How an early answer looks a request up (its method, path as sent and headers, lower-case
	 * names): the key, and for a signed-in reader what to ask the database; undefined when the
	 * request is the app's to answer. The app keeps a page under this same key (page-memory.ts),
	 * so what is kept and what is answered cannot drift apart.
	 */
	lookup(
		method: string | undefined,
		url: string | undefined,
		header: (name: string) => string | undefined
	): { key: string; reader?: { sessionId: string; marksShown: boolean } } | undefined {
		if (method !== 'GET' || !url || url.includes('?') || header('if-none-match') !== undefined) {
			return undefined;
		}
		const encoding = this.encodingFor(header('accept-encoding'));
		const cookie = header('cookie');
		if (cookie === undefined) return { key: earlyKey(url, encoding) };
		const cookies = this.readers && lecternCookies(cookie);
		if (!cookies?.session) return undefined;
		const sessionId = hashToken(cookies.session);
		return {
			key: earlyKey(url, encoding, sessionId),
			reader: { sessionId, marksShown: cookies.marksShown }
		};
	}

	/**
	 * Answers `request` from memory if it can: true (or a promise of true) when it did, false when
	 * the app must answer it (nothing has been written then).
	 */
	answer(request: IncomingMessage, response: ServerResponse): boolean | Promise<boolean> {
		const headers = request.headers;
		const found = this.lookup(request.method, request.url, (name) => {
			const value = headers[name];
			return Array.isArray(value) ? value.join(', ') : value;
		});
		const page = found && this.entries.get(found.key);
		if (!page) return false;
		if (!found.reader) {
			return page.prompt === undefined && this.current(page.slug) === page.fingerprint
				? send(response, page)
				: false;
		}
		return this.readers!.drawnFrom(found.reader.sessionId, found.reader.marksShown, page).then(
			(drawn) => drawn === page.fingerprint && send(response, page)
		);
	}
}

function send(response: ServerResponse, page: Kept): true {
	response.writeHead(200, page.head);
	response.end(page.body);
	return true;
}

/** The headers of a response the app sent, as kept: without Date, X-Cache and lengths. */
export function keptHeaders(headers: Headers): [string, string][] {
	return [...headers].filter(
		([name]) => !['date', 'x-cache', 'content-length', 'transfer-encoding'].includes(name)
	);
}
