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

/**
 * Serializes a process's writes on an embedded database. libSQL waits for a busy lock
 * synchronously, so a write issued while this process's own interactive transaction holds
 * the lock would freeze the event loop (the transaction can never finish) until the busy
 * timeout, then fail with SQLITE_BUSY. Queueing writes and write transactions behind one
 * async lock makes them wait their turn instead; reads stay concurrent (WAL).
 */
export function serializeWrites(client: Client): Client {
	const lock = new Mutex();
	return new Proxy(client, {
		get(target, property, receiver) {
			const value = Reflect.get(target, property, receiver);
			if (typeof value !== 'function') return value;
			switch (property) {
				case 'execute':
					return (statement: InStatement, ...rest: unknown[]) =>
						isWrite(statement)
							? lock.run(() =>
									(value as Client['execute']).call(target, statement as never, ...(rest as []))
								)
							: (value as Client['execute']).call(target, statement as never, ...(rest as []));
				case 'batch':
				case 'migrate':
				case 'executeMultiple':
					return (...args: unknown[]) =>
						lock.run(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
				case 'transaction':
					return async (mode?: TransactionMode) => {
						if (mode === 'read')
							return (value as (mode?: TransactionMode) => Promise<Transaction>).call(target, mode);
						const release = await lock.acquire();
						try {
							const tx = await (value as (mode?: TransactionMode) => Promise<Transaction>).call(
								target,
								mode
							);
							return releasingOnEnd(tx, release);
						} catch (error) {
							release();
							throw error;
						}
					};
				default:
					return value.bind(target);
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
