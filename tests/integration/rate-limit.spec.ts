// The database-backed limiter under parallel bursts: a limit of N lets exactly N through,
// however many requests arrive at once, and refunds give places back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter, type Limit } from '../../src/lib/server/auth/rate-limit';
import { freshDatabase, type TestDatabase } from './support/database';

let database: TestDatabase;
beforeAll(async () => {
	database = await freshDatabase();
});
afterAll(() => database.close());

const limit = (max: number): Limit => ({ name: `test-${max}`, max, windowMs: 60_000 });

describe('RateLimiter.reserve', () => {
	it('lets exactly the limit through out of 100 parallel requests', async () => {
		const limiter = new RateLimiter(database.db);
		const verdicts = await Promise.all(
			Array.from({ length: 100 }, () => limiter.reserve(limit(5), 'burst'))
		);
		expect(verdicts.filter((v) => v.allowed)).toHaveLength(5);
		const refused = verdicts.find((v) => !v.allowed);
		expect(refused && !refused.allowed && refused.retryAfterMs).toBeGreaterThan(0);
	});

	it('allows the tenth of ten, refuses the eleventh', async () => {
		const limiter = new RateLimiter(database.db);
		for (let i = 0; i < 10; i++)
			expect((await limiter.reserve(limit(10), 'ten')).allowed).toBe(true);
		expect((await limiter.reserve(limit(10), 'ten')).allowed).toBe(false);
	});

	it('gives a refunded place back', async () => {
		const limiter = new RateLimiter(database.db);
		const one = limit(1);
		expect((await limiter.reserve(one, 'refund')).allowed).toBe(true);
		expect((await limiter.reserve(one, 'refund')).allowed).toBe(false);
		await limiter.refund(one, 'refund');
		expect((await limiter.reserve(one, 'refund')).allowed).toBe(true);
	});

	it('opens a new window once the old one ended', async () => {
		const limiter = new RateLimiter(database.db);
		const one = limit(1);
		const t = Date.now();
		expect((await limiter.reserve(one, 'window', t)).allowed).toBe(true);
		expect((await limiter.reserve(one, 'window', t + 1000)).allowed).toBe(false);
		expect((await limiter.reserve(one, 'window', t + 60_001)).allowed).toBe(true);
	});

	it('takes places under every limit or none', async () => {
		const limiter = new RateLimiter(database.db);
		const wide = limit(50);
		const narrow = { ...limit(2), name: 'narrow' };
		for (let i = 0; i < 2; i++)
			expect(
				(
					await limiter.reserveAll([
						[wide, 'all'],
						[narrow, 'all']
					])
				).allowed
			).toBe(true);
		expect(
			(
				await limiter.reserveAll([
					[wide, 'all'],
					[narrow, 'all']
				])
			).allowed
		).toBe(false);
		// The refused attempt gave its place under the wide limit back: 2 of 50 used.
		const verdicts = await Promise.all(
			Array.from({ length: 60 }, () => limiter.reserve(wide, 'all'))
		);
		expect(verdicts.filter((v) => v.allowed)).toHaveLength(48);
	});
});
