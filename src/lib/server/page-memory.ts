// Pages from memory (issue 14): the hooks that answer a module page, or a public thread's page,
// from what was drawn before when nothing it was drawn from has changed, and keep them as they
// leave the app for the workers' early answers (early-answers.ts). The hooks compose
// them in src/hooks.server.ts, in this order: keepForEarlyAnswers outermost, then
// anonymousModuleCache and readerPageCache innermost, after authentication.
import { createHash } from 'node:crypto';
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { articleFingerprint } from './articles';
import { settledSession, type SessionUser } from './auth/session';
import { actorOf } from './auth/actor';
import { database } from './db';
import { publicThreadStamp } from './discussion';
import { stampedPosts } from './discussion/pages';
import { PROMPT_NUMBER, publicThread } from './discussion/public-thread';
import type { ThreadRequest } from './discussion/scope';
import { threadLoad } from './discussion/thread-page';
import { EARLY_ANSWERS, EarlyAnswers, keptHeaders, type EarlyPage } from './early-answers';
import { PageCache, TtlMemo, fromMemory } from './page-cache';
import { marksShown } from './reader-marks';
import { readerView, readerViewFingerprint } from './reader-view';

/**
 * Requests whose session cookie is being renewed or removed. SvelteKit adds the cookies a hook
 * sets only to a response made by `resolve`: the page caches answer these by rendering.
 */
export const cookieChanges = new WeakSet<Request>();

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
 * Pages answered from the caches below, kept as they leave the app for the workers to answer
 * before it (src/cli/worker.js; see early-answers.ts): an anonymous reader's module page while
 * the article's version holds; a signed-in reader's module page, and the first page of a public
 * thread, while what it was drawn from holds, asked of the database as readerPageCache asks.
 * (An anonymous reader's thread page is not: its thread's version is read at every view.)
 */
const earlyAnswers = new EarlyAnswers((slug) => fingerprints.current(slug), {
	async drawnFrom(sessionId, marks, { slug, prompt }) {
		const db = database().db;
		const signed = await settledSession(db, sessionId);
		// An account that must change its password is sent there by the app.
		if (!signed || signed.user.mustChangePassword) return undefined;
		if (prompt !== undefined) return threadDrawnFrom(signed, marks, slug, prompt);
		// The page was drawn from a view this account could read: the same fingerprint, the same.
		const view = await readerViewFingerprint(db, actorOf(signed.user), slug);
		return view && readerDrawnFrom(signed.user, marks, view);
	}
});

/**
 * What a signed-in reader's public thread page (its first page, as its address alone names it)
 * is drawn from now: worked out by the thread page's own load and the reader's view, as
 * readerPageCache works it out, for the request the worker holds; undefined when the load would
 * refuse, redirect or not find it (the app answers that).
 */
async function threadDrawnFrom(
	{ session, user }: NonNullable<Awaited<ReturnType<typeof settledSession>>>,
	marks: boolean,
	slug: string,
	prompt: number
): Promise<string | undefined> {
	const request: ThreadRequest = {
		locals: { user, session },
		params: { article: slug, n: String(prompt) },
		url: new URL(`/lessons/${slug}/discuss/${prompt}`, 'http://lectern.invalid'),
		request: { method: 'GET' }
	};
	try {
		const [view, thread] = await Promise.all([
			readerView(request.request, database().db, actorOf(user), slug),
			publicThreadData(request)
		]);
		return view && readerDrawnFrom(user, marks, view.fingerprint, thread);
	} catch {
		return undefined;
	}
}
(globalThis as Record<symbol, unknown>)[EARLY_ANSWERS] = earlyAnswers;
const drawnForEarly = new WeakMap<
	Request,
	Pick<EarlyPage, 'slug' | 'prompt' | 'fingerprint'> & { sessionId?: string }
>();

/**
 * Outermost: keeps a module page, as sent, under the key its request would be looked up by
 * early (EarlyAnswers.lookup): an anonymous reader's only when the request carried no cookie (a
 * hidden-marks cookie draws another page), a signed-in reader's under their session.
 */
export const keepForEarlyAnswers: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const drawn = drawnForEarly.get(event.request);
	if (!drawn || response.status !== 200 || response.headers.has('set-cookie')) return response;
	const request = event.request;
	const url = new URL(request.url);
	const found = earlyAnswers.lookup(
		request.method,
		url.pathname + url.search,
		(name) => request.headers.get(name) ?? undefined
	);
	if (!found || found.reader?.sessionId !== drawn.sessionId) return response;
	const body = new Uint8Array(await response.arrayBuffer());
	earlyAnswers.keep(found.key, {
		slug: drawn.slug,
		prompt: drawn.prompt,
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
export const anonymousModuleCache: Handle = async ({ event, resolve }) => {
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
export const readerPageCache: Handle = async ({ event, resolve }) => {
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
	if (user && event.locals.session) {
		drawnForEarly.set(event.request, {
			slug: event.params.article ?? '',
			prompt: page === 'thread' ? Number(event.params.n) : undefined,
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
