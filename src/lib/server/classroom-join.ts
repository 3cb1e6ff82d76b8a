// Joining a class with its code: the /join form and the /join/<code> link share these rules.
import { joinCodeSchema } from '../classroom';
import { refuse, type Refusal } from '../refusal';
import { RateLimiter, retryMessage, type Limit } from './auth/rate-limit';
import { findClassByJoinCode, joinClass } from './classroom';
import type { Database } from './db/client';

/** Codes are 21⁸ strong; a cap on wrong guesses per account keeps anyone from sweeping them. */
export const JOIN_GUESS_LIMIT: Limit = { name: 'join-code', max: 10, windowMs: 15 * 60_000 };

export const CODE_NOT_FOUND =
	'No class takes this code. Check it with your teacher: the code may have been changed or switched off.';

export type CodeLookup =
	{ ok: true; cls: { id: string; name: string; teacherName: string }; code: string } | Refusal;

/**
 * The class a typed code opens, for `userId`: parsed with the classroom's schema, and every
 * miss counted against the person's limit.
 */
export async function lookUpJoinCode(
	db: Database,
	userId: string,
	typed: unknown
): Promise<CodeLookup> {
	const parsed = joinCodeSchema.safeParse(typed);
	if (!parsed.success) {
		return refuse(400, parsed.error.issues[0]!.message);
	}
	const limiter = new RateLimiter(db);
	// A place is taken before the lookup and given back when the code works, so parallel
	// guesses never get more than the limit between them.
	const verdict = await limiter.reserve(JOIN_GUESS_LIMIT, userId);
	if (!verdict.allowed) {
		return refuse(429, `Too many codes that did not work. ${retryMessage(verdict.retryAfterMs)}`);
	}
	const cls = await findClassByJoinCode(db, parsed.data);
	if (!cls) {
		return refuse(404, CODE_NOT_FOUND);
	}
	await limiter.refund(JOIN_GUESS_LIMIT, userId);
	return {
		ok: true,
		cls: { id: cls.id, name: cls.name, teacherName: cls.teacherName },
		code: parsed.data
	};
}

/** Joins the class a code opens; the caller has authorized `class.join`. */
export async function joinWithCode(db: Database, userId: string, typed: unknown) {
	const found = await lookUpJoinCode(db, userId, typed);
	if (!found.ok) return found;
	const outcome = await joinClass(db, found.cls.id, userId);
	return { ...found, outcome };
}
