import { hashPassword } from './password';

/**
 * How many bulk hashes may run at once in this process. argon2 runs on Node's thread pool
 * (4 threads): a teacher's list of 200 names hashed all at once filled it, and every sign-in
 * waited behind it (9.8 s during 10 parallel adds). One at a time leaves the other threads to
 * sign-ins, sign-ups and file reads; bulk work queues behind itself instead.
 */
export const BULK_HASH_CONCURRENCY = 1;

/** A first-come, first-served counting semaphore: at most `max` holders at once. */
export class Semaphore {
	private active = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(readonly max: number) {
		if (!(max >= 1)) throw new RangeError('a semaphore needs at least one place');
	}

	async run<T>(work: () => Promise<T>): Promise<T> {
		if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
		else this.active++;
		try {
			return await work();
		} finally {
			// Hand the place straight to the next in line, or free it.
			const next = this.waiting.shift();
			if (next) next();
			else this.active--;
		}
	}
}

const bulk = new Semaphore(BULK_HASH_CONCURRENCY);

/**
 * Hashes many passwords (a teacher's bulk add) through the process-wide bulk queue: each
 * hash waits for a place, so however many bulk adds run in parallel, at most
 * `BULK_HASH_CONCURRENCY` of their hashes occupy the thread pool. `hash` is for tests.
 */
export async function hashPasswordsInBulk(
	passwords: readonly string[],
	hash: (password: string) => Promise<string> = hashPassword
): Promise<string[]> {
	return Promise.all(passwords.map((password) => bulk.run(() => hash(password))));
}
