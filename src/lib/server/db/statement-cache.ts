/**
 * Prepared statements kept per connection (issue 14). `@libsql/client` prepares every statement
 * it runs on an embedded file afresh: parsing and planning the SQL was the largest single cost
 * of a signed-in page in a CPU profile (`prepare`, 12–15% of a worker's busy time; the reader's
 * view is one long statement). The app runs a few dozen distinct statements, each many times, so
 * each connection keeps the ones it prepared, most recently used first, up to `limit`.
 *
 * Safe to share because every use is synchronous from start to end: the client binds, steps the
 * statement to its last row (`all`) or to done (`run`), and lets go before anything else runs on
 * the thread, as it did with a fresh statement; SQLite re-prepares a kept statement by itself
 * after a schema change. A connection's statements go when it does (a WeakMap).
 *
 * The cache is installed on libSQL's `Database` class, the one `@libsql/client` itself loads
 * (resolved from the client's own package), once per process.
 */
import { createRequire } from 'node:module';

interface Prepares {
	prepare(sql: string): unknown;
}
type DatabaseClass = { prototype: Prepares & { [INSTALLED]?: number } };

const INSTALLED = Symbol.for('lectern.statementCache');
export const STATEMENT_CACHE_LIMIT = 256;

/** libSQL's Database class as `@libsql/client` loads it. */
export function libsqlDatabaseClass(): DatabaseClass {
	const client = createRequire(import.meta.url).resolve('@libsql/client');
	return createRequire(client)('libsql') as DatabaseClass;
}

/** Makes `Database#prepare` hand back a kept statement for SQL it prepared before. Idempotent. */
export function cacheStatements(
	database: DatabaseClass = libsqlDatabaseClass(),
	limit = STATEMENT_CACHE_LIMIT
): void {
	const proto = database.prototype;
	if (proto[INSTALLED] !== undefined) return;
	const prepare = proto.prepare;
	const kept = new WeakMap<object, Map<string, unknown>>();
	proto.prepare = function (this: object, sql: string) {
		let statements = kept.get(this);
		if (!statements) kept.set(this, (statements = new Map()));
		const known = statements.get(sql);
		if (known !== undefined) {
			statements.delete(sql);
			statements.set(sql, known);
			return known;
		}
		const statement = prepare.call(this, sql);
		statements.set(sql, statement);
		if (statements.size > limit) statements.delete(statements.keys().next().value!);
		return statement;
	};
	proto[INSTALLED] = limit;
}
