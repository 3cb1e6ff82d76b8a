import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { can, type Action, type Actor, type Relation } from '../../access';
import { refuse, type Refusal } from '../../refusal';
import { database } from '../db';
import { createGuest } from '../users';
import { LIMITS, RateLimiter, retryMessage } from './rate-limit';
import { createSession, setSessionCookie, type SessionUser } from './session';

export function actorOf(user: SessionUser | null | undefined): Actor | null {
	return user ? { id: user.id, role: user.role, isGuest: user.isGuest } : null;
}

/**
 * The one gate every route and action passes. Denied: an anonymous visitor (or guest) is sent
 * to sign in and back — a class page too, whether or not the class exists, so nothing leaks;
 * anyone signed in gets `denyStatus` — 404 where even the resource's existence is private.
 */
export function authorize(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	action: Action,
	relation: Relation = {},
	denyStatus: 403 | 404 = 403
): Actor | null {
	const actor = actorOf(event.locals.user);
	if (can(actor, action, relation)) return actor;
	if (!actor || actor.isGuest) {
		redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	}
	error(denyStatus, denyStatus === 404 ? 'Not found' : 'You do not have access to this page.');
}

/**
 * The same gate, answering instead of throwing: the actor, or a refusal for someone the access
 * table turns away (401 for nobody signed in, else `denyStatus`). For callers that answer in
 * their own shape (the JSON API) rather than with a sign-in redirect or an error page.
 */
export function permitted(
	user: SessionUser | null | undefined,
	action: Action,
	relation: Relation = {},
	denyStatus: 403 | 404 = 403
): Actor | Refusal {
	const actor = actorOf(user);
	if (actor && can(actor, action, relation)) return actor;
	if (!actor || actor.isGuest) return refuse(401, 'Sign in first.');
	return refuse(denyStatus, denyStatus === 404 ? 'Not found' : 'You do not have access to this.');
}

/**
 * The visitor's identity for something worth keeping: the signed-in user, or a guest created
 * now (with a session cookie) so their progress has an owner until they sign up. Call it last,
 * once the request is known to be accepted: guests are limited per address, and a refused
 * request should not spend one.
 */
export async function ensureActor(event: RequestEvent): Promise<SessionUser> {
	if (event.locals.user) return event.locals.user;
	const { db } = database();
	const verdict = await new RateLimiter(db).reserve(
		LIMITS.guestPerAddress,
		event.getClientAddress()
	);
	if (!verdict.allowed) error(429, guestLimitMessage(verdict.retryAfterMs));
	const guestId = await createGuest(db);
	const { token, session } = await createSession(db, guestId);
	setSessionCookie(event.cookies, token, session.expiresAt);
	const user: SessionUser = {
		id: guestId,
		email: null,
		username: null,
		displayName: 'Guest',
		role: 'learner',
		isGuest: true,
		mustChangePassword: false,
		suspendedUntil: null,
		createdAt: new Date()
	};
	event.locals.user = user;
	event.locals.session = session;
	return user;
}

/** Why no guest could be made, and the way on that needs none. */
export function guestLimitMessage(retryAfterMs: number): string {
	return (
		'Too many visitors without an account from this address. Create an account (it is free) ' +
		`or sign in to keep your progress. ${retryMessage(retryAfterMs)}`
	);
}
