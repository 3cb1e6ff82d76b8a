import { describe, expect, it } from 'vitest';
import { BULK_HASH_CONCURRENCY, Semaphore, hashPasswordsInBulk } from './bulk-hash';
import { hashPassword, verifyPassword } from './password';

/** A stand-in hash that counts how many run at once and finishes only when released. */
function countingHash() {
	let running = 0;
	let started = 0;
	let mostAtOnce = 0;
	const pending: Array<() => void> = [];
	const hash = async (password: string) => {
		running++;
		started++;
		mostAtOnce = Math.max(mostAtOnce, running);
		await new Promise<void>((resolve) => pending.push(resolve));
		running--;
		return `hashed:${password}`;
	};
	/** Lets every hash that has started finish, and waits until the queue has moved on. */
	const releaseAll = async () => {
		while (pending.length) pending.shift()!();
		for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
	};
	return {
		hash,
		releaseAll,
		get running() {
			return running;
		},
		get started() {
			return started;
		},
		get mostAtOnce() {
			return mostAtOnce;
		}
	};
}

const settle = async () => {
	for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe('hashPasswordsInBulk', () => {
	it('runs at most BULK_HASH_CONCURRENCY hashes at once across parallel bulk adds', async () => {
		const counter = countingHash();
		// Ten teachers' lists of 20 names, all at once.
		const lists = Array.from({ length: 10 }, (_, t) =>
			Array.from({ length: 20 }, (_, i) => `t${t}-p${i}`)
		);
		const results = Promise.all(lists.map((list) => hashPasswordsInBulk(list, counter.hash)));
		await settle();
		expect(counter.running).toBe(BULK_HASH_CONCURRENCY);
		expect(counter.started).toBe(BULK_HASH_CONCURRENCY);
		while (counter.started < 200) {
			await counter.releaseAll();
			expect(counter.running).toBeLessThanOrEqual(BULK_HASH_CONCURRENCY);
		}
		await counter.releaseAll();
		const hashed = await results;
		expect(counter.mostAtOnce).toBe(BULK_HASH_CONCURRENCY);
		// Every list got its own hashes back, in its own order.
		expect(hashed).toEqual(lists.map((list) => list.map((p) => `hashed:${p}`)));
	});

	it('lets a sign-in check its password while a bulk add waits in line', async () => {
		const counter = countingHash();
		const stored = await hashPassword('correct horse battery staple');
		// A bulk add of 200 whose hashes cannot finish until released.
		const bulk = hashPasswordsInBulk(
			Array.from({ length: 200 }, (_, i) => `p${i}`),
			counter.hash
		);
		await settle();
		// The sign-in's own argon2 check completes though the bulk add is still under way.
		expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
		expect(counter.started).toBe(BULK_HASH_CONCURRENCY);
		while (counter.started < 200) await counter.releaseAll();
		await counter.releaseAll();
		expect(await bulk).toHaveLength(200);
	});

	it('hashes with argon2 by default, each password verifiable', async () => {
		const [a, b] = await hashPasswordsInBulk(['k4md-x3ta-9fph-wc6n', 'p7qr-ab3c-zz9k-m2m2']);
		expect(await verifyPassword(a!, 'k4md-x3ta-9fph-wc6n')).toBe(true);
		expect(await verifyPassword(b!, 'p7qr-ab3c-zz9k-m2m2')).toBe(true);
		expect(a).toMatch(/^\$argon2id\$/);
	});

	it('gives the place back when a hash fails', async () => {
		let calls = 0;
		const failing = async () => {
			calls++;
			throw new Error('out of memory');
		};
		await expect(hashPasswordsInBulk(['a', 'b'], failing)).rejects.toThrow('out of memory');
		// The queue is not stuck: the next bulk add runs.
		expect(await hashPasswordsInBulk(['c'], async (p) => `h:${p}`)).toEqual(['h:c']);
		expect(calls).toBe(2);
	});
});

describe('Semaphore', () => {
	it('serves waiters first come, first served', async () => {
		const semaphore = new Semaphore(2);
		const order: number[] = [];
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const jobs = [1, 2, 3, 4, 5].map((n) =>
			semaphore.run(async () => {
				order.push(n);
				if (n <= 2) await gate;
			})
		);
		await settle();
		expect(order).toEqual([1, 2]);
		release();
		await Promise.all(jobs);
		expect(order).toEqual([1, 2, 3, 4, 5]);
	});

	it('refuses a semaphore with no places', () => {
		expect(() => new Semaphore(0)).toThrow(RangeError);
	});
});
