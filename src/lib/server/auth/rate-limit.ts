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
	signUpPerAddress: { name: 'signup-address', max: 10, windowMs: 60 * 60_000 }
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
 * Each call is one atomic statement, so two processes never lose a count.
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

	/** Counts one event; returns the verdict for the event after it. */
	async hit(limit: Limit, subject: string, now = Date.now()): Promise<Verdict> {
		const resetAt = now + limit.windowMs;
		const [row] = await this.db
			.insert(rateLimits)
			.values({ key: this.key(limit, subject), count: 1, resetAt })
			.onConflictDoUpdate({
				target: rateLimits.key,
				set: {
					count: sql`CASE WHEN ${rateLimits.resetAt} <= ${now} THEN 1 ELSE ${rateLimits.count} + 1 END`,
					resetAt: sql`CASE WHEN ${rateLimits.resetAt} <= ${now} THEN ${resetAt} ELSE ${rateLimits.resetAt} END`
				}
			})
			.returning();
		return judge(limit, row, now);
	}

	async reset(limit: Limit, subject: string): Promise<void> {
		await this.db.delete(rateLimits).where(eq(rateLimits.key, this.key(limit, subject)));
	}

	/** Forgets windows that ended long ago. */
	async prune(now = Date.now()): Promise<void> {
		await this.db.delete(rateLimits).where(sql`${rateLimits.resetAt} < ${now - 24 * 60 * 60_000}`);
	}
}
