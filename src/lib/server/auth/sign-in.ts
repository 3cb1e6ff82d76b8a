import type { RequestEvent } from '@sveltejs/kit';
import { refuse, type Refusal } from '../../refusal';
import type { Database } from '../db/client';
import { findAccountByLogin, mergeGuestInto } from '../users';
import { hashPassword, verifyPassword } from './password';
import { LIMITS, RateLimiter, retryMessage } from './rate-limit';
import { createSession, invalidateSession, setSessionCookie } from './session';

/** The one message for every failed sign-in: it never says whether the account exists. */
export const SIGN_IN_FAILED = 'That e-mail (or username) and password do not match an account.';
export const ACCOUNT_DISABLED = 'This account has been disabled. Ask an administrator for help.';

// Verifying against a real hash when the account does not exist keeps the timing the same.
let decoyHash: Promise<string> | undefined;

export type SignInResult = { ok: true; userId: string } | Refusal;

/** Checks the credentials under the rate limits, and on success starts a fresh session. */
export async function signIn(
	event: RequestEvent,
	db: Database,
	identifier: string,
	password: string
): Promise<SignInResult> {
	const limiter = new RateLimiter(db);
	const address = event.getClientAddress();
	const account = identifier.trim().toLowerCase();
	// Places are reserved before argon2 runs: under any concurrency at most the limit is checked.
	const verdict = await limiter.reserveAll([
		[LIMITS.signInPerAccount, account],
		[LIMITS.signInPerAddress, address]
	]);
	if (!verdict.allowed) {
		return refuse(429, `Too many failed sign-ins. ${retryMessage(verdict.retryAfterMs)}`);
	}
	const user = await findAccountByLogin(db, identifier);
	// Said whatever the password, so the message never confirms a guess; the place stays taken.
	if (user?.disabledAt) return refuse(400, ACCOUNT_DISABLED);
	decoyHash ??= hashPassword('decoy password for unknown accounts');
	const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash), password);
	if (!user || !valid) return refuse(400, SIGN_IN_FAILED);
	// Only the successful attempt's own places come back: failures in this window still count,
	// so a success racing a burst of guesses never opens room for more than the limit.
	await limiter.refund(LIMITS.signInPerAccount, account);
	await limiter.refund(LIMITS.signInPerAddress, address);
	await startSessionFor(event, db, user.id);
	return { ok: true, userId: user.id };
}

/** A new token at every sign-in; a guest's belongings move into the account first. */
export async function startSessionFor(event: RequestEvent, db: Database, userId: string) {
	const previous = event.locals.user;
	if (previous?.isGuest) await mergeGuestInto(db, previous.id, userId);
	else if (event.locals.session) await invalidateSession(db, event.locals.session.id);
	const { token, session } = await createSession(db, userId);
	setSessionCookie(event.cookies, token, session.expiresAt);
}
