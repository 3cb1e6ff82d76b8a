import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { rateLimits } from '../db/schema';

/** A fixed-window limit: at most `max` events per `windowMs`. */
export interface Limit {
	name: string;
	max: number;
	windowMs: number;
}

export const LIMITS = {
	signInPerAccount: { name: 'signin-account', max: 5, windowMs: 15 * 60_000 },
	signInPerAddress: { name: 'signin-address', max: 30, windowMs: 15 * 60_000 },
	signUpPerAddress: { name: 'signup-address', max: 10, windowMs: 60 * 60_000 },
	// A guest is a row and a session kept for 30 days: one per visitor, not one per request. A
	// class of 30 reading anonymously behind one school address still fits in an hour.
	guestPerAddress: { name: 'guest-address', max: 30, windowMs: 60 * 60_000 }
} satisfies Record<string, Limit>;

export type Verdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Pure: given a window's stored state, is one more event allowed now? */
export function judge(
	limit: Limit,
	state: { count: number; resetAt: number } | undefined,
	now: number
): Verdict {
	if (!state || state.resetAt <= now || state.count < limit.max) return { allowed: true };
	return { allowed: false, retryAfterMs: state.resetAt - now };
}

/** "Try again in 12 minutes." — rounded up, never "0 seconds". */
export function retryMessage(retryAfterMs: number): string {
	const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
	if (seconds < 60) return `Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
	const minutes = Math.ceil(seconds / 60);
	if (minutes < 60) return `Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
	const hours = Math.ceil(minutes / 60);
	return `Try again in ${hours} hour${hours === 1 ? '' : 's'}.`;
}

/**
 * Counters kept in the database so limits hold across restarts and server processes.
 * A place is reserved before the work it guards, in one atomic statement, so parallel
 * requests never get more than the limit between them.
 */
export class RateLimiter {
	constructor(private readonly db: Database) {}

	private key(limit: Limit, subject: string) {
		return `${limit.name}:${subject}`;
	}

	async check(limit: Limit, subject: string, now = Date.now()): Promise<Verdict> {
		const row = await this.db.query.rateLimits.findFirst({
			where: eq(rateLimits.key, this.key(limit, subject))
		});
		return judge(limit, row, now);
	}

	/**
	 * Takes one place in the window if one is free, in one atomic statement: the count never
	 * passes `max`, however many requests arrive at once (in this process or another). Call it
	 * before the work the limit protects (an argon2 check, an account), and `refund` the place
	 * when the event should not count (a sign-in that succeeded).
	 */
	async reserve(limit: Limit, subject: string, now = Date.now()): Promise<Verdict> {
		const key = this.key(limit, subject);
		const resetAt = now + limit.windowMs;
		const rows = await this.db
			.insert(rateLimits)
			.values({ key, count: 1, resetAt })
			.onConflictDoUpdate({
				target: rateLimits.key,
				set: {
					count: sql`CASE WHEN ${rateLimits.resetAt} <= ${now} THEN 1 ELSE ${rateLimits.count} + 1 END`,
					resetAt: sql`CASE WHEN ${rateLimits.resetAt} <= ${now} THEN ${resetAt} ELSE ${rateLimits.resetAt} END`
				},
				setWhere: sql`${rateLimits.resetAt} <= ${now} OR ${rateLimits.count} < ${limit.max}`
			})
			.returning({ key: rateLimits.key });
		if (rows.length > 0) return { allowed: true };
		const row = await this.db.query.rateLimits.findFirst({ where: eq(rateLimits.key, key) });
		return { allowed: false, retryAfterMs: Math.max(1, (row?.resetAt ?? now) - now) };
	}

	/**
	 * Takes a place under every limit, or none: when one refuses, the places already taken are
	 * given back and its verdict is the answer.
	 */
	async reserveAll(
		entries: ReadonlyArray<readonly [Limit, string]>,
		now = Date.now()
	): Promise<Verdict> {
		const taken: Array<readonly [Limit, string]> = [];
		for (const entry of entries) {
			const verdict = await this.reserve(entry[0], entry[1], now);
			if (!verdict.allowed) {
				for (const [limit, subject] of taken) await this.refund(limit, subject);
				return verdict;
			}
			taken.push(entry);
		}
		return { allowed: true };
	}

	/** Gives back a place taken by `reserve`. */
	async refund(limit: Limit, subject: string): Promise<void> {
		await this.db
			.update(rateLimits)
			.set({ count: sql`MAX(${rateLimits.count} - 1, 0)` })
			.where(eq(rateLimits.key, this.key(limit, subject)));
	}

	async reset(limit: Limit, subject: string): Promise<void> {
		await this.db.delete(rateLimits).where(eq(rateLimits.key, this.key(limit, subject)));
	}

	/** Forgets windows that ended long ago. */
	async prune(now = Date.now()): Promise<void> {
		await this.db.delete(rateLimits).where(sql`${rateLimits.resetAt} < ${now - 24 * 60 * 60_000}`);
	}
}
