import type { Client, InStatement, Transaction, TransactionMode } from '@libsql/client';

/** A first-come, first-served async lock. */
export class Mutex {
	private tail: Promise<void> = Promise.resolve();

	/** Waits for the lock; the returned function releases it (once). */
	async acquire(): Promise<() => void> {
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		const before = this.tail;
		this.tail = before.then(() => held);
		await before;
		let released = false;
		return () => {
			if (!released) {
				released = true;
				release();
			}
		};
	}

	async run<T>(work: () => Promise<T>): Promise<T> {
		const release = await this.acquire();
		try {
			return await work();
		} finally {
			release();
		}
	}
}

const WRITE =
	/^\s*(insert|update|delete|replace|create|drop|alter|vacuum|reindex|analyze|with\b[\s\S]*\b(insert|update|delete)\b)/i;

export function isWrite(statement: InStatement): boolean {
	return WRITE.test(typeof statement === 'string' ? statement : statement.sql);
}

/** How long, in all, a write keeps retrying a lock another process holds (ms). */
export const BUSY_RETRY_BUDGET_MS = 10_000;

const isBusy = (error: unknown) =>
	typeof error === 'object' &&
	error !== null &&
	/^SQLITE_BUSY/.test(String((error as { code?: unknown }).code ?? ''));

/**
 * Runs `start` (a step that takes the database's write lock and changes nothing when it fails:
 * BEGIN IMMEDIATE, a batch, or one autocommit statement) again while SQLite answers SQLITE_BUSY,
 * calling `onBusy` and waiting a little longer each time without blocking the event loop, for up
 * to `budgetMs`. SQLite waits for a busy lock itself (the busy timeout), but in WAL mode it
 * answers SQLITE_BUSY at once when a connection's snapshot is older than another process's
 * commit: a reason to try again, not a 500.
 */
export async function retryBusy<T>(
	start: () => Promise<T>,
	{ budgetMs = BUSY_RETRY_BUDGET_MS, onBusy = () => {} } = {}
): Promise<T> {
	const began = Date.now();
	for (let delay = 2; ; delay = Math.min(delay * 2, 100)) {
		try {
			return await start();
		} catch (error) {
			if (!isBusy(error) || Date.now() - began + delay > budgetMs) throw error;
			onBusy();
			await new Promise((resolve) => setTimeout(resolve, delay * (0.5 + Math.random())));
		}
	}
}

/** How long a retired client is left to finish what it runs before it is closed (ms). */
const RETIRE_AFTER_MS = 5_000;

/**
 * Serializes a process's writes on an embedded database. libSQL waits for a busy lock
 * synchronously, so a write issued while this process's own interactive transaction holds
 * the lock would freeze the event loop (the transaction can never finish) until the busy
 * timeout, then fail with SQLITE_BUSY. Queueing writes and write transactions behind one
 * async lock makes them wait their turn instead; reads stay concurrent (WAL).
 *
 * A statement SQLite answered SQLITE_BUSY stays active on its connection until libSQL
 * finalizes it, which happens only when it is garbage-collected; an active write statement
 * makes every later COMMIT on that connection fail ("SQL statements in progress") and holds an
 * old snapshot that makes every BEGIN IMMEDIATE fail at once. So after SQLITE_BUSY the client
 * (`open()` makes one) is retired: a new one serves from then on, and the old one is closed
 * once what it was running has ended. The write is then tried again (`retryBusy`).
 */
export function serializeWrites(open: () => Client): Client {
	const lock = new Mutex();
	let current = open();
	/** Retires `spoilt` unless that was done already (many calls may fail on one client). */
	const retire = (spoilt: Client) => {
		if (spoilt !== current) return;
		current = open();
		setTimeout(() => spoilt.close(), RETIRE_AFTER_MS).unref();
	};
	type Method = (...args: unknown[]) => Promise<unknown>;
	/** Calls `method` of the client serving now (`pick` finds it there). */
	const call = (pick: () => Method, args: unknown[]) => pick().apply(current, args);
	const retried = (pick: () => Method, args: unknown[]) => {
		let used = current;
		return retryBusy(
			() => {
				used = current;
				return call(pick, args);
			},
			{ onBusy: () => retire(used) }
		);
	};
	return new Proxy(current, {
		get(_target, property) {
			const from = current;
			const value = Reflect.get(from, property);
			if (typeof value !== 'function') return value;
			// The method as found now (a test may have wrapped it), or the new client's after a retirement.
			const pick = () => (current === from ? value : Reflect.get(current, property)) as Method;
			switch (property) {
				case 'execute':
					return (...args: unknown[]) =>
						// A read is retried too (it changes nothing), so that it also retires a spoilt client.
						isWrite(args[0] as InStatement)
							? lock.run(() => retried(pick, args))
							: retried(pick, args);
				case 'batch':
					// A batch is one transaction: when its BEGIN finds the lock busy, nothing ran.
					return (...args: unknown[]) => lock.run(() => retried(pick, args));
				case 'migrate':
				case 'executeMultiple':
					return (...args: unknown[]) => lock.run(() => call(pick, args));
				case 'transaction':
					return async (mode?: TransactionMode) => {
						if (mode === 'read') return call(pick, [mode]);
						const release = await lock.acquire();
						try {
							const tx = (await retried(pick, [mode])) as Transaction;
							return releasingOnEnd(tx, release);
						} catch (error) {
							release();
							throw error;
						}
					};
				default:
					return value.bind(current);
			}
		}
	});
}

/** A transaction that gives the write lock back when it commits, rolls back or closes. */
function releasingOnEnd(tx: Transaction, release: () => void): Transaction {
	return new Proxy(tx, {
		get(target, property, receiver) {
			const value = Reflect.get(target, property, receiver);
			if (typeof value !== 'function') return value;
			if (property === 'commit' || property === 'rollback') {
				return async () => {
					try {
						return await (value as () => Promise<void>).call(target);
					} finally {
						release();
					}
				};
			}
			if (property === 'close') {
				return () => {
					try {
						return (value as () => void).call(target);
					} finally {
						release();
					}
				};
			}
			return value.bind(target);
		}
	});
}
