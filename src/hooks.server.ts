import { randomUUID } from 'node:crypto';
import {
	error,
	json,
	text,
	isHttpError,
	isRedirect,
	redirect,
	type Handle,
	type HandleServerError,
	type ServerInit
} from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { compressHtml } from '$lib/server/compression';
import { dev, version } from '$app/environment';
import { bundledArticles } from './content/articles';
import {
	SESSION_COOKIE,
	deleteExpiredSessions,
	deleteSessionCookie,
	setSessionCookie,
	validateSessionToken
} from '$lib/server/auth/session';
import { RateLimiter } from '$lib/server/auth/rate-limit';
import { installCrashGuards, logUnexpected } from '$lib/server/crash-guard';
import { connect, database } from '$lib/server/db';
import { cleanForm } from '$lib/server/forms';
import {
	anonymousModuleCache,
	cookieChanges,
	keepForEarlyAnswers,
	readerPageCache
} from '$lib/server/page-memory';
import { passwordChangePage } from '$lib/server/redirects';
import { handOverIfPrepared, prepareDatabase } from '$lib/server/startup';
import { startGradeOutbox } from '$lib/server/lti/outbox';
import { pruneLtiTokens } from '$lib/server/lti/tokens';
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
			await pruneLtiTokens(handle.db);
		} catch (error) {
			console.error('Lectern: housekeeping failed', error);
		}
	};
	await housekeeping();
	setInterval(housekeeping, 60 * 60_000).unref();
	if (!dev) installCrashGuards();
	startGradeOutbox(handle.db);
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
 * SvelteKit's own check of cross-site form posts is off (`trustedOrigins: ['*']` in
 * svelte.config.js) because an LMS posts its LTI login and launch from its own site; this is
 * the same check for every other address (the deep linking URL also takes launches; its
 * picker's own form needs its one-time token, which no other site has).
 */
const CROSS_SITE_FORM_TARGETS = new Set(['/lti/login', '/lti/launch', '/lti/deep-link']);
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const crossSiteForms: Handle = ({ event, resolve }) => {
	const { request, url } = event;
	const type = (request.headers.get('content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
	const forbidden =
		!dev &&
		['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method) &&
		FORM_TYPES.includes(type) &&
		request.headers.get('origin') !== url.origin &&
		!CROSS_SITE_FORM_TARGETS.has(url.pathname);
	if (!forbidden) return resolve(event);
	const message = `Cross-site ${request.method} form submissions are forbidden`;
	if (request.headers.get('accept') === 'application/json')
		return json({ message }, { status: 403 });
	return text(message, { status: 403 });
};

/**
 * The LTI pages live inside the LMS's page: they may be framed, and the deep linking page's
 * form posts back to the LMS. Every other page keeps `frame-ancestors 'none'`.
 */
const ltiFraming: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (!event.url.pathname.startsWith('/lti/')) return response;
	const h = response.headers;
	h.delete('X-Frame-Options');
	const csp = h.get('content-security-policy');
	if (csp) {
		const target = event.locals.ltiFormTarget ? ` ${event.locals.ltiFormTarget}` : '';
		h.set(
			'content-security-policy',
			csp
				.replace("frame-ancestors 'none'", 'frame-ancestors *')
				.replace("form-action 'self'", `form-action 'self'${target}`)
		);
	}
	return response;
};

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
	crossSiteForms,
	unreadableForms,
	ltiFraming,
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
