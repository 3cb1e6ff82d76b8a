import type { Client, InArgs, InStatement, ResultSet, Transaction } from '@libsql/client';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import type { SQL } from 'drizzle-orm';
import { clientOf, type Database } from './client';

/**
 * Group commit: small writes that arrive together share one transaction, so one fsync
 * (synchronous=FULL stays) acknowledges many. A unit waits for the write lock behind the
 * group being committed; when that commit ends, every unit that arrived meanwhile goes in the
 * next one. Each unit runs inside its own savepoint: a unit that fails is rolled back alone
 * and rejected with its own error while its neighbours commit. A unit's promise settles only
 * after its group's COMMIT returned: nothing is acknowledged before it is durable. Should the
 * commit itself fail, every unit of the group is rejected (nothing of it is stored).
 *
 * On a libSQL server (not a `file:`), the server orders writes itself: each unit is one batch.
 */
export interface GroupCommitOptions {
	/** At most this many units per transaction (a bound on the time the write lock is held). */
	maxUnits?: number;
	/** Called between a unit's statements: lets a test fail one at a chosen point. */
	beforeStatement?: (unit: number, statement: number) => void;
	/** Told each group's size after its commit (tests and the bench read it). */
	onCommit?: (units: number) => void;
}

interface Unit {
	statements: InStatement[];
	resolve: (results: ResultSet[]) => void;
	reject: (error: unknown) => void;
}

export class GroupCommit {
	private queue: Unit[] = [];
	private flushing = false;
	private readonly maxUnits: number;

	constructor(
		private readonly client: Client,
		private readonly options: GroupCommitOptions = {}
	) {
		this.maxUnits = options.maxUnits ?? 64;
	}

	/** Commits `statements` as one all-or-nothing unit; resolves with their results once durable. */
	run(statements: InStatement[]): Promise<ResultSet[]> {
		if (this.client.protocol !== 'file') return this.client.batch(statements, 'write');
		return new Promise((resolve, reject) => {
			this.queue.push({ statements, resolve, reject });
			if (!this.flushing) {
				this.flushing = true;
				// The requests parsed in this turn of the event loop join the first group.
				setImmediate(() => void this.flush());
			}
		});
	}

	private async flush() {
		try {
			while (this.queue.length > 0) await this.commit(this.queue.splice(0, this.maxUnits));
		} finally {
			this.flushing = false;
		}
	}

	private async commit(group: Unit[]) {
		let tx: Transaction;
		try {
			// BEGIN IMMEDIATE: waits (busy timeout) for another process's write lock instead of
			// failing with SQLITE_BUSY when a read-started transaction tries to write.
			tx = await this.client.transaction('write');
		} catch (error) {
			for (const unit of group) unit.reject(error);
			return;
		}
		const done: { unit: Unit; results: ResultSet[] }[] = [];
		try {
			for (const [u, unit] of group.entries()) {
				await tx.execute('SAVEPOINT unit');
				try {
					const results: ResultSet[] = [];
					for (const [s, statement] of unit.statements.entries()) {
						this.options.beforeStatement?.(u, s);
						results.push(await tx.execute(statement));
					}
					await tx.execute('RELEASE unit');
					done.push({ unit, results });
				} catch (error) {
					await tx.execute('ROLLBACK TO unit');
					await tx.execute('RELEASE unit');
					unit.reject(error);
				}
			}
			await tx.commit();
		} catch (error) {
			tx.close();
			for (const { unit } of done) unit.reject(error);
			return;
		}
		this.options.onCommit?.(group.length);
		for (const { unit, results } of done) unit.resolve(results);
	}
}

const groups = new WeakMap<Client, GroupCommit>();

/** The group commit of `db`'s connection (one per client, made on first use). */
export function groupCommitOf(db: Database): GroupCommit {
	const client = clientOf(db);
	let group = groups.get(client);
	if (!group) groups.set(client, (group = new GroupCommit(client)));
	return group;
}

const dialect = new SQLiteAsyncDialect();

/** A drizzle query (a builder or `sql` fragment) as a statement libSQL runs. */
export function statementOf(query: SQL | { toSQL(): { sql: string; params: unknown[] } }): {
	sql: string;
	args: InArgs;
} {
	const { sql, params } = 'toSQL' in query ? query.toSQL() : dialect.sqlToQuery(query);
	return { sql, args: params as InArgs };
}
