import { createHash, randomUUID } from 'node:crypto';
import {
	error,
	isHttpError,
	isRedirect,
	redirect,
	type Handle,
	type RequestEvent,
	type HandleServerError,
	type ServerInit
} from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { chooseEncoding, compressHtml } from '$lib/server/compression';
import {
	EARLY_ANSWERS,
	EarlyAnswers,
	earlyKey,
	keptHeaders,
	lecternCookies,
	type EarlyPage
} from '$lib/server/early-answers';
import { dev, version } from '$app/environment';
import { bundledArticles } from './content/articles';
import {
	SESSION_COOKIE,
	deleteExpiredSessions,
	deleteSessionCookie,
	setSessionCookie,
	settledSession,
	validateSessionToken,
	type SessionUser
} from '$lib/server/auth/session';
import { hashToken } from '$lib/server/auth/token';
import { RateLimiter } from '$lib/server/auth/rate-limit';
import { articleFingerprint } from '$lib/server/articles';
import { publicThreadStamp } from '$lib/server/discussion';
import { PROMPT_NUMBER, publicThread } from '$lib/server/discussion/public-thread';
import { stampedPosts } from '$lib/server/discussion/pages';
import { threadLoad } from '$lib/server/discussion/thread-page';
import { installCrashGuards, logUnexpected } from '$lib/server/crash-guard';
import { connect, database } from '$lib/server/db';
import { cleanForm } from '$lib/server/forms';
import { PageCache, TtlMemo, fromMemory } from '$lib/server/page-cache';
import { marksShown } from '$lib/server/reader-marks';
import { readerView, readerViewFingerprint } from '$lib/server/reader-view';
import { actorOf } from '$lib/server/auth/actor';
import { passwordChangePage } from '$lib/server/redirects';
import { handOverIfPrepared, prepareDatabase } from '$lib/server/startup';
import { purgeIdleGuests } from '$lib/server/users';
import { decodeComponent } from '$lib/url';

export const init: ServerInit = async () => {
	const handle = await connect();
	await handOverIfPrepared(await prepareDatabase(handle, bundledArticles, { build: version }));
	const housekeeping = async () => {
		try {
			await purgeIdleGuests(handle.db);
			await deleteExpiredSessions(handle.db);
			await new RateLimiter(handle.db).prune();
		} catch (error) {
			console.error('Lectern: housekeeping failed', error);
		}
	};
	await housekeeping();
	setInterval(housekeeping, 60 * 60_000).unref();
	if (!dev) installCrashGuards();
};

/**
 * SvelteKit turns what a hook throws into an error page, except on a path it cannot decode
 * (`/lessons/%/x`): it still runs the hooks, to render its 400, but lets what they throw
 * escape the request, which ended the process. Such a request gets its 400 here, whatever a
 * hook does; what is not a deliberate redirect or refusal is logged.
 */
const undecodablePaths: Handle = async ({ event, resolve }) => {
	try {
		return await resolve(event);
	} catch (cause) {
		if (decodeComponent(event.url.pathname) !== null) throw cause;
		if (!isRedirect(cause) && !isHttpError(cause)) {
			logUnexpected(`${event.request.method} ${event.url.pathname}`, cause);
		}
		return new Response('This address could not be read (a malformed %-escape).', {
			status: 400,
			headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }
		});
	}
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const h = response.headers;
	h.set('X-Content-Type-Options', 'nosniff');
	h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	h.set('X-Frame-Options', 'DENY');
	h.set(
		'Permissions-Policy',
		'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()'
	);
	h.set('Cross-Origin-Opener-Policy', 'same-origin');
	return response;
};

/**
 * Requests whose session cookie is being renewed or removed. SvelteKit adds the cookies a hook
 * sets only to a response made by `resolve`: the page caches below answer these by rendering.
 */
const cookieChanges = new WeakSet<Request>();

const authentication: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const { session, user, renewed } = await validateSessionToken(database().db, token);
		if (session) {
			if (renewed) {
				setSessionCookie(event.cookies, token, session.expiresAt);
				cookieChanges.add(event.request);
			}
			event.locals.user = user;
			event.locals.session = session;
		} else {
			deleteSessionCookie(event.cookies);
			cookieChanges.add(event.request);
		}
	}
	return resolve(event);
};

// An account with a one-time password may do nothing until it chooses its own.
const ALLOWED_WHILE_PASSWORD_MUST_CHANGE = /^\/(account|logout|healthz)\/?$/;
const passwordChangeGate: Handle = async ({ event, resolve }) => {
	if (
		event.locals.user?.mustChangePassword &&
		!ALLOWED_WHILE_PASSWORD_MUST_CHANGE.test(event.url.pathname)
	) {
		redirect(303, passwordChangePage(event.url, event.request.method));
	}
	return resolve(event);
};

const pageCache = new PageCache();
// An article's fingerprint (version, claims stamp, questions stamp: one statement) is looked up
// at most once a second per process: a change made by any process shows within a second, and
// the hot path rarely touches the database.
const fingerprints = new TtlMemo(1000, (slug: string) => articleFingerprint(database().db, slug));

/** The pages kept in memory: an article's module page and a public thread page, by route. */
const KEPT_PAGES: Record<string, 'module' | 'thread'> = {
	'/lessons/[article]/[section]': 'module',
	'/lessons/[article]/discuss/[n]': 'thread'
};

/**
 * What an anonymous page kept in memory is keyed by: a module page by its article's version
 * (content, claims, questions: checked at most once a second); the first page of a public
 * thread by that and the thread's own version, read at every request (a post shows at once).
 */
async function anonymousFingerprint(event: RequestEvent): Promise<string | undefined> {
	const page = KEPT_PAGES[event.route.id ?? ''];
	const { article: slug, n = '' } = event.params as { article?: string; n?: string };
	if (!page || !slug || (page === 'thread' && !PROMPT_NUMBER.test(n))) return undefined;
	const article = await fingerprints.get(slug);
	if (!article || page === 'module') return article;
	const articleId = article.slice(0, article.indexOf(':'));
	const stamp = await publicThreadStamp(database().db, articleId, Number(n));
	return stamp && `${article}|${stamp}`;
}

/**
 * Module pages answered from the caches below, kept as they leave the app for the workers to
 * answer before it (src/cli/worker.js; see early-answers.ts): an anonymous reader's while the
 * article's version holds, a signed-in reader's while what it was drawn from holds, asked of the
 * database as readerPageCache asks. A thread's page is not: its posts are read at every view.
 */
const earlyAnswers = new EarlyAnswers((slug) => fingerprints.current(slug), {
	async drawnFrom(sessionId, marks, slug) {
		const db = database().db;
		const signed = await settledSession(db, sessionId);
		// An account that must change its password is sent there by the app.
		if (!signed || signed.user.mustChangePassword) return undefined;
		// The page was drawn from a view this account could read: the same fingerprint, the same.
		const view = await readerViewFingerprint(db, actorOf(signed.user), slug);
		return view && readerDrawnFrom(signed.user, marks, view);
	}
});
(globalThis as Record<symbol, unknown>)[EARLY_ANSWERS] = earlyAnswers;
const drawnForEarly = new WeakMap<
	Request,
	Pick<EarlyPage, 'slug' | 'fingerprint'> & { sessionId?: string }
>();

/** Outermost: keeps a module page, as sent, for the next early answer to the same request. */
const keepForEarlyAnswers: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const drawn = drawnForEarly.get(event.request);
	const request = event.request;
	if (!drawn || response.status !== 200 || response.headers.has('set-cookie')) return response;
	const cookie = request.headers.get('cookie');
	// The page is kept under what the early answer will read from the request: no cookie, or
	// the same session.
	const session = cookie === null ? undefined : lecternCookies(cookie)?.session;
	if (drawn.sessionId !== (session && hashToken(session))) return response;
	const body = new Uint8Array(await response.arrayBuffer());
	const encoding = chooseEncoding(request.headers.get('accept-encoding'));
	earlyAnswers.keep(earlyKey(new URL(request.url).pathname, encoding, drawn.sessionId), {
		slug: drawn.slug,
		fingerprint: drawn.fingerprint,
		headers: keptHeaders(response.headers),
		body
	});
	return new Response(body, { status: response.status, headers: response.headers });
};

/**
 * Anonymous readers of a module page (and of a public thread's first page) get it from memory (rendered once per article
 * version) with a strong ETag, answering 304 when they already hold it. A CDN may keep it
 * briefly; `Vary: Cookie` keeps signed-in pages out of shared caches. (Sent compressed, the
 * ETag goes out weak: `compressHtml`, which also compresses each cached page once.)
 */
const anonymousModuleCache: Handle = async ({ event, resolve }) => {
	const cacheable =
		event.request.method === 'GET' &&
		!event.locals.user &&
		!cookieChanges.has(event.request) &&
		!event.url.search &&
		!event.isDataRequest;
	const fingerprint = cacheable ? await anonymousFingerprint(event) : undefined;
	if (!fingerprint) return resolve(event);
	if (KEPT_PAGES[event.route.id ?? ''] === 'module') {
		drawnForEarly.set(event.request, { slug: event.params.article!, fingerprint });
	}
	// A reader who hid the source marks gets the page without them (the cookie's only value).
	const key = marksShown(event.cookies) ? event.url.pathname : `${event.url.pathname} marks-off`;
	return fromMemory(
		pageCache,
		event.request,
		key,
		fingerprint,
		() => resolve(event),
		'public, max-age=60, stale-while-revalidate=300'
	);
};

// Signed-in readers' pages, one entry per reader and page (100 learners on a module page of
// ~40 kB take ~4 MB), and public thread pages past what the anonymous cache keeps. The bodies
// live outside the JavaScript heap, so they add to a worker's memory beside its heap limit.
const readerPages = new PageCache(2000, 8 * 1024 * 1024);
const hash = (text: string) => createHash('sha1').update(text).digest('base64url');

/**
 * What a reader's page is drawn from (besides its path): the account, the marks cookie, the
 * reader's view of the article and, for a thread, its page's data. (A thread's posts count by
 * their stamp: serializing ~100 posts on every view cost more than serving the page.)
 */
function readerDrawnFrom(
	user: SessionUser | null,
	marks: boolean,
	view: string,
	thread?: unknown
): string {
	return hash(JSON.stringify([user, marks, view, thread ?? null], stampedPosts));
}
const publicThreadData = threadLoad(publicThread);

/**
 * A signed-in reader's module page, and a public thread page, are drawn from what their loads
 * read at this request: the reader's view of the article (`readerView`: its content stamp and
 * the reader's own state, one statement) and, for a thread, the thread page's data; and from the
 * reader's account. The hook asks for these first (the loads then reuse them) and renders only
 * when they differ from what the page in memory was drawn from: nothing is trusted from before
 * the request, so a change by any process shows at once.
 */
const readerPageCache: Handle = async ({ event, resolve }) => {
	const page = KEPT_PAGES[event.route.id ?? ''];
	const user = event.locals.user;
	if (
		!page ||
		event.request.method !== 'GET' ||
		event.isDataRequest ||
		cookieChanges.has(event.request) ||
		(page === 'module' && (!user || event.url.search))
	) {
		return resolve(event);
	}
	const readers = readerView(
		event.request,
		database().db,
		actorOf(user),
		event.params.article ?? ''
	);
	let drawnFrom: string;
	try {
		const [view, thread] = await Promise.all([
			readers,
			page === 'thread' ? publicThreadData(event) : undefined
		]);
		if (!view) return resolve(event);
		drawnFrom = readerDrawnFrom(user, marksShown(event.cookies), view.fingerprint, thread);
	} catch {
		// A refusal, a 404 or a permalink's redirect: the load says it again as it renders.
		return resolve(event);
	}
	if (page === 'module' && user && event.locals.session) {
		const slug = event.params.article ?? '';
		drawnForEarly.set(event.request, {
			slug,
			fingerprint: drawnFrom,
			sessionId: event.locals.session.id
		});
	}
	return fromMemory(
		readerPages,
		event.request,
		`${user?.id ?? ''} ${event.url.pathname}${event.url.search}`,
		drawnFrom,
		() => resolve(event),
		user ? 'private, no-cache' : 'public, no-cache'
	);
};

/**
 * A body that is no form at all (garbage multipart, a multipart without its boundary, text/plain)
 * makes `request.formData()` throw a TypeError, which every form action would turn into a 500.
 * It is the sender's mistake: a 400 (or the 413 of a body over BODY_SIZE_LIMIT), with a message.
 * A form that can be read reaches every action with NUL replaced in its text (see `cleanForm`).
 */
const unreadableForms: Handle = ({ event, resolve }) => {
	if (event.request.method === 'POST') {
		const request = event.request;
		const read = request.formData.bind(request);
		Object.defineProperty(request, 'formData', {
			configurable: true,
			value: async () => {
				try {
					return cleanForm(await read());
				} catch (cause) {
					if (isHttpError(cause)) throw cause;
					const status = (cause as { status?: unknown } | null)?.status;
					if (status === 413) error(413, 'This form is too large to send.');
					error(400, 'This form could not be read. Reload the page and try again.');
				}
			}
		});
	}
	return resolve(event);
};

export const handle = sequence(
	keepForEarlyAnswers,
	compressHtml(),
	undecodablePaths,
	unreadableForms,
	securityHeaders,
	authentication,
	passwordChangeGate,
	anonymousModuleCache,
	readerPageCache
);

/**
 * Unexpected errors are logged once, with an id the person can quote; they see a calm page.
 * What SvelteKit refuses itself (a 405, a 415 for a JSON body to a form action) is the sender's
 * mistake, not ours: only 5xx are logged.
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status >= 500) {
		const requestId = logUnexpected(`${event.request.method} ${event.url.pathname}`, error);
		return { message: 'Something went wrong on our side.', requestId };
	}
	return { message: status === 404 ? 'Not found' : message, requestId: randomUUID() };
};
