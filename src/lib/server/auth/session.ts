import { eq, and, ne, lt, sql } from 'drizzle-orm';
import type { Cookies } from '@sveltejs/kit';
import type { Value } from '@libsql/client';
import { QueryBuilder } from 'drizzle-orm/sqlite-core';
import { clientOf, type Database } from '../db/client';
import { statementOf } from '../db/group-commit';
import { apiTokens, sessions, users, type UserRow } from '../db/schema';
import { SESSION_LIFETIME_MS, generateToken, hashToken, slideExpiry } from './token';

export const SESSION_COOKIE = 'lectern_session';

/** What a request knows about who is signed in. */
export interface SessionUser {
	id: string;
	email: string | null;
	username: string | null;
	displayName: string;
	role: UserRow['role'];
	isGuest: boolean;
	mustChangePassword: boolean;
	suspendedUntil: Date | null;
	createdAt: Date;
}
export interface Session {
	id: string;
	userId: string;
	expiresAt: Date;
}
export type SessionValidation =
	| { session: Session; user: SessionUser; renewed: boolean }
	| { session: null; user: null; renewed: false };

/** Starts a session for `userId`; returns the token for the cookie (never stored). */
export async function createSession(db: Database, userId: string, now = new Date()) {
	const token = generateToken();
	const session: Session = {
		id: hashToken(token),
		userId,
		expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS)
	};
	await db.insert(sessions).values(session);
	return { token, session };
}

/** The columns of a SessionUser, as every way of signing in reads the account. */
export const SESSION_USER_COLUMNS = {
	id: users.id,
	email: users.email,
	username: users.username,
	displayName: users.displayName,
	role: users.role,
	isGuest: users.isGuest,
	mustChangePassword: users.mustChangePassword,
	suspendedUntil: users.suspendedUntil,
	createdAt: users.createdAt
};

/**
 * The session with its account, by the token's hash: the statement every signed-in request
 * runs, so its text is made once and its row read by hand (drizzle's prepared query mapped each
 * row through its column decoders: ~60 µs of a ~25 µs statement). Columns in this order.
 */
const SESSION_LOOKUP = statementOf(
	new QueryBuilder()
		.select({
			userId: sessions.userId,
			expiresAt: sessions.expiresAt,
			...SESSION_USER_COLUMNS,
			disabledAt: users.disabledAt,
			lastSeenAt: users.lastSeenAt
		})
		.from(sessions)
		.innerJoin(users, eq(sessions.userId, users.id))
		.where(eq(sessions.id, sql.placeholder('id')))
).sql;

interface SessionRow {
	session: { userId: string; expiresAt: Date };
	user: SessionUser & { disabledAt: Date | null; lastSeenAt: Date };
}

const text = (value: Value | undefined) => (value == null ? null : String(value));
const date = (value: Value | undefined) => (value == null ? null : new Date(Number(value)));

/** The session `id` (a token's hash) with its account, as drizzle's columns would read them. */
async function lookUpSession(db: Database, id: string): Promise<SessionRow | undefined> {
	const [row] = (await clientOf(db).execute({ sql: SESSION_LOOKUP, args: [id] })).rows;
	if (!row) return undefined;
	return {
		session: { userId: String(row[0]), expiresAt: date(row[1])! },
		user: {
			id: String(row[2]),
			email: text(row[3]),
			username: text(row[4]),
			displayName: String(row[5]),
			role: row[6] as SessionUser['role'],
			isGuest: Number(row[7]) === 1,
			mustChangePassword: Number(row[8]) === 1,
			suspendedUntil: date(row[9]),
			createdAt: date(row[10])!,
			disabledAt: date(row[11]),
			lastSeenAt: date(row[12])!
		}
	};
}

/** Guests are purged after 30 idle days, so activity is noted (at most hourly, to spare writes). */
const SEEN_EVERY_MS = 60 * 60_000;

/** The session and account a request knows, from the looked-up row (one shape, whoever asks). */
function signedIn(id: string, row: SessionRow): { session: Session; user: SessionUser } {
	const { disabledAt: _d, lastSeenAt: _l, ...user } = row.user;
	return { session: { id, userId: row.session.userId, expiresAt: row.session.expiresAt }, user };
}

/**
 * What validating a looked-up session must write, decided once for both ways of asking: end it
 * (expired, or the account disabled), or renew its expiry (a new cookie), and note the visit.
 */
function pendingWrites(row: SessionRow, now: Date) {
	const expiry = slideExpiry(row.session.expiresAt, now);
	return {
		end: expiry.state === 'expired' || row.user.disabledAt !== null,
		renewTo: expiry.state === 'renew' ? expiry.expiresAt : null,
		seen: now.getTime() - row.user.lastSeenAt.getTime() > SEEN_EVERY_MS
	};
}

/** Looks the token's session up, ending it when expired or the account is disabled; slides expiry. */
export async function validateSessionToken(
	db: Database,
	token: string,
	now = new Date()
): Promise<SessionValidation> {
	const id = hashToken(token);
	const row = await lookUpSession(db, id);
	if (!row) return { session: null, user: null, renewed: false };
	const writes = pendingWrites(row, now);
	if (writes.end) {
		await db.delete(sessions).where(eq(sessions.id, id));
		return { session: null, user: null, renewed: false };
	}
	const { session, user } = signedIn(id, row);
	if (writes.renewTo) {
		session.expiresAt = writes.renewTo;
		await db.update(sessions).set({ expiresAt: writes.renewTo }).where(eq(sessions.id, id));
	}
	if (writes.seen) {
		await db.update(users).set({ lastSeenAt: now }).where(eq(users.id, row.user.id));
	}
	return { session, user, renewed: writes.renewTo !== null };
}

/**
 * The session of `token` (by its hash, `id`) as validateSessionToken would find it, when that
 * would write nothing and set no cookie (see pendingWrites). Otherwise undefined, and nothing is
 * written: the request is for validateSessionToken to answer in full (for a page answered early).
 */
export async function settledSession(
	db: Database,
	id: string,
	now = new Date()
): Promise<{ session: Session; user: SessionUser } | undefined> {
	const row = await lookUpSession(db, id);
	if (!row) return undefined;
	const writes = pendingWrites(row, now);
	if (writes.end || writes.renewTo || writes.seen) return undefined;
	return signedIn(id, row);
}

export async function invalidateSession(db: Database, sessionId: string) {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/**
 * Ends every session of a user, or every one but `keepSessionId`, and revokes every personal API
 * token of theirs: a token is a standing sign-in, so whatever ends sessions (a password change,
 * "end sessions", a disabled account, a reset) ends tokens too.
 */
export async function invalidateUserSessions(
	db: Pick<Database, 'delete'>,
	userId: string,
	keepSessionId?: string
) {
	await db.delete(apiTokens).where(eq(apiTokens.userId, userId));
	await db
		.delete(sessions)
		.where(
			keepSessionId
				? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))
				: eq(sessions.userId, userId)
		);
}

export async function deleteExpiredSessions(db: Database, now = new Date()) {
	await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

/** `Secure` when the public origin is https (production behind TLS). */
export function cookieIsSecure(): boolean {
	return (process.env.ORIGIN ?? '').startsWith('https://');
}

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: Date) {
	cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		path: '/',
		secure: cookieIsSecure(),
		expires: expiresAt
	});
}

export function deleteSessionCookie(cookies: Cookies) {
	cookies.delete(SESSION_COOKIE, {
		httpOnly: true,
		sameSite: 'lax',
		path: '/',
		secure: cookieIsSecure()
	});
}
