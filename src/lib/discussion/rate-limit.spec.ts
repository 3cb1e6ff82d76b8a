import { describe, expect, it } from 'vitest';
import {
	NEW_ACCOUNT_DAILY_CAP,
	POST_INTERVAL_MS,
	checkPostRate,
	formatWait,
	startOfUtcDay
} from './rate-limit';

const now = new Date('2025-03-10T21:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const DAY = 24 * 60 * 60 * 1000;
const oldAccount = ago(30 * DAY);

describe('checkPostRate', () => {
	it('lets someone post who has not posted before', () => {
		expect(
			checkPostRate({ lastPostAt: null, postsToday: 0, accountCreatedAt: oldAccount, now })
		).toEqual({ ok: true });
	});

	it('asks someone who posted 6 seconds ago to wait 24 seconds', () => {
		expect(
			checkPostRate({ lastPostAt: ago(6_000), postsToday: 1, accountCreatedAt: oldAccount, now })
		).toEqual({ ok: false, retryAfterMs: 24_000, message: 'You can post again in 24 seconds.' });
	});

	it('lets them post again once 30 seconds have passed', () => {
		expect(POST_INTERVAL_MS).toBe(30_000);
		expect(
			checkPostRate({ lastPostAt: ago(30_000), postsToday: 1, accountCreatedAt: oldAccount, now })
		).toEqual({ ok: true });
	});

	it('says "1 second", not "1 seconds"', () => {
		const result = checkPostRate({
			lastPostAt: ago(29_500),
			postsToday: 1,
			accountCreatedAt: oldAccount,
			now
		});
		expect(result).toMatchObject({ retryAfterMs: 500, message: 'You can post again in 1 second.' });
	});

	it('caps a new account at 10 posts a day, until midnight UTC', () => {
		expect(NEW_ACCOUNT_DAILY_CAP).toBe(10);
		const newAccount = ago(2 * DAY);
		expect(
			checkPostRate({ lastPostAt: ago(DAY / 24), postsToday: 9, accountCreatedAt: newAccount, now })
		).toEqual({ ok: true });
		expect(
			checkPostRate({
				lastPostAt: ago(DAY / 24),
				postsToday: 10,
				accountCreatedAt: newAccount,
				now
			})
		).toEqual({
			ok: false,
			retryAfterMs: 3 * 60 * 60 * 1000,
			message: 'New accounts can post 10 times a day. You can post again in 3 hours.'
		});
	});

	it('lifts the cap when the account turns seven days old, if that comes before midnight', () => {
		const almostAWeek = new Date(now.getTime() - 7 * DAY + 20 * 60 * 1000);
		expect(
			checkPostRate({
				lastPostAt: ago(DAY / 24),
				postsToday: 12,
				accountCreatedAt: almostAWeek,
				now
			})
		).toMatchObject({
			retryAfterMs: 20 * 60 * 1000,
			message: expect.stringMatching(/in 20 minutes\.$/)
		});
	});

	it('does not cap an account older than seven days', () => {
		expect(
			checkPostRate({
				lastPostAt: ago(DAY / 24),
				postsToday: 50,
				accountCreatedAt: oldAccount,
				now
			})
		).toEqual({ ok: true });
	});

	it('gives the longer wait when both limits apply', () => {
		const result = checkPostRate({
			lastPostAt: ago(1_000),
			postsToday: 10,
			accountCreatedAt: ago(DAY),
			now
		});
		expect(result).toMatchObject({ retryAfterMs: 3 * 60 * 60 * 1000 });
	});
});

describe('startOfUtcDay', () => {
	it('is midnight UTC of the same day', () => {
		expect(startOfUtcDay(now)).toEqual(new Date('2025-03-10T00:00:00Z'));
	});
});

describe('formatWait', () => {
	it('rounds up to whole seconds, minutes or hours', () => {
		expect(formatWait(1)).toBe('1 second');
		expect(formatWait(59_000)).toBe('59 seconds');
		expect(formatWait(60_000)).toBe('1 minute');
		expect(formatWait(61_000)).toBe('2 minutes');
		expect(formatWait(60 * 60 * 1000)).toBe('1 hour');
		expect(formatWait(90 * 60 * 1000)).toBe('2 hours');
	});
});
