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
 *
 * A kept statement also keeps its result's columns: the client asks for them twice on every run
 * (`columns()`, a call into libSQL that builds an object per column): 8% of a worker's busy time
 * serving signed-in module pages in `npm run bench`'s profile, and 54 → 31 µs a run once kept
 * (a 9-column primary-key read run 20,000 times through the client). The
 * names a statement returns cannot change while it stands unless it selects `*` (a migration
 * may add a column to a table it reads): those ask libSQL every time. (Right after another
 * connection's migration libSQL itself answers a `*` statement's columns from the schema it knew,
 * kept or freshly prepared alike, until the statement has stepped once; the app names columns.)
 */
import { createRequire } from 'node:module';
import { RecentlyUsed } from '../../recently-used';

interface Prepares {
	prepare(sql: string): unknown;
}
interface Columns {
	columns(): unknown;
	[KEPT]?: boolean;
	[COLUMNS]?: unknown;
}
type DatabaseClass = { prototype: Prepares & { [INSTALLED]?: number } };

const INSTALLED = Symbol.for('lectern.statementCache');
/** On a statement: it keeps its columns; and the columns it keeps. */
const KEPT = Symbol('keeps its columns');
const COLUMNS = Symbol('columns');
/** On libSQL's Statement class: its `columns()` answers kept statements from what they keep. */
const KEEPS_COLUMNS = Symbol.for('lectern.statementColumns');
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
	const kept = new WeakMap<object, RecentlyUsed<string, unknown>>();
	proto.prepare = function (this: object, sql: string) {
		let statements = kept.get(this);
		if (!statements) kept.set(this, (statements = new RecentlyUsed(limit)));
		const known = statements.get(sql);
		if (known !== undefined) return known;
		const statement = prepare.call(this, sql);
		if (!selectsEverything(sql)) keepColumns(statement);
		statements.set(sql, statement);
		return statement;
	};
	proto[INSTALLED] = limit;
}

/** Whether the statement's columns depend on the schema: `*` outside comments and `count(*)`. */
export function selectsEverything(sql: string): boolean {
	return sql
		.replace(/\/\*[\s\S]*?\*\//g, ' ')
		.replace(/\bcount\s*\(\s*\*\s*\)/gi, ' ')
		.includes('*');
}

/** Makes this statement answer `columns()` from what it answered first (its class, patched once). */
function keepColumns(statement: unknown): void {
	if (typeof statement !== 'object' || statement === null) return;
	const proto = Object.getPrototypeOf(statement) as Columns & { [KEEPS_COLUMNS]?: boolean };
	if (typeof proto.columns !== 'function') return;
	if (!proto[KEEPS_COLUMNS]) {
		const columns = proto.columns;
		proto.columns = function (this: Columns) {
			if (!this[KEPT]) return columns.call(this);
			return (this[COLUMNS] ??= columns.call(this));
		};
		proto[KEEPS_COLUMNS] = true;
	}
	(statement as Columns)[KEPT] = true;
}
