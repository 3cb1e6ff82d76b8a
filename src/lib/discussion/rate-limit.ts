/** The shortest gap between two posts by one person. */
export const POST_INTERVAL_MS = 30_000;

/** How long an account counts as new. */
export const NEW_ACCOUNT_PERIOD_MS = 7 * 24 * 60 * 60 * 1000;

/** Posts a new account may make per UTC day. */
export const NEW_ACCOUNT_DAILY_CAP = 10;

export type PostRateCheck = { ok: true } | { ok: false; retryAfterMs: number; message: string };

/**
 * Whether someone may post now. Two limits: `POST_INTERVAL_MS` between posts, and
 * `NEW_ACCOUNT_DAILY_CAP` posts a UTC day while the account is younger than
 * `NEW_ACCOUNT_PERIOD_MS`. When both apply, the longer wait is the answer.
 */
export function checkPostRate({
	lastPostAt,
	postsToday,
	accountCreatedAt,
	now
}: {
	/** When this person last posted anywhere; `null` if never. */
	lastPostAt: Date | null;
	/** Their posts since `startOfUtcDay(now)`. */
	postsToday: number;
	accountCreatedAt: Date;
	now: Date;
}): PostRateCheck {
	const t = now.getTime();
	let wait = 0;
	let reason = '';
	if (lastPostAt) {
		const intervalWait = lastPostAt.getTime() + POST_INTERVAL_MS - t;
		if (intervalWait > 0) wait = intervalWait;
	}
	const newUntil = accountCreatedAt.getTime() + NEW_ACCOUNT_PERIOD_MS;
	if (t < newUntil && postsToday >= NEW_ACCOUNT_DAILY_CAP) {
		const nextDay = startOfUtcDay(now).getTime() + 24 * 60 * 60 * 1000;
		const capWait = Math.min(nextDay, newUntil) - t;
		if (capWait > wait) {
			wait = capWait;
			reason = `New accounts can post ${NEW_ACCOUNT_DAILY_CAP} times a day. `;
		}
	}
	if (wait <= 0) return { ok: true };
	return {
		ok: false,
		retryAfterMs: wait,
		message: `${reason}You can post again in ${formatWait(wait)}.`
	};
}

/** Midnight UTC at the start of `now`'s day: where "posts today" starts counting. */
export function startOfUtcDay(now: Date): Date {
	return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** A wait in words, rounded up: "24 seconds", "1 minute", "3 hours". */
export function formatWait(ms: number): string {
	const seconds = Math.max(1, Math.ceil(ms / 1000));
	if (seconds < 60) return plural(seconds, 'second');
	const minutes = Math.ceil(seconds / 60);
	if (minutes < 60) return plural(minutes, 'minute');
	return plural(Math.ceil(minutes / 60), 'hour');
}

function plural(count: number, unit: string): string {
	return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
