// Preloaded into a test server (NODE_OPTIONS=--import …): appends every SQL statement the
// embedded libSQL driver runs to the file named by LECTERN_STATEMENT_LOG, one a line, so a
// spec can count what one page view asked the database, in the real server process. Statements
// are logged when they run, not when they are prepared: the app keeps prepared statements
// (src/lib/server/db/statement-cache.ts) and runs them again without preparing.
import { appendFileSync } from 'node:fs';
import Database from 'libsql';

const log = process.env.LECTERN_STATEMENT_LOG;
if (log) {
	const record = (sql) => appendFileSync(log, `${String(sql).replace(/\s+/g, ' ').trim()}\n`);
	const sqlOf = new WeakMap();
	let statementClass;
	const prepare = Database.prototype.prepare;
	Database.prototype.prepare = function (sql, ...rest) {
		const statement = prepare.call(this, sql, ...rest);
		sqlOf.set(statement, sql);
		if (!statementClass) {
			statementClass = Object.getPrototypeOf(statement);
			// `all` runs through `iterate`: each run is logged once.
			for (const method of ['run', 'get', 'iterate']) {
				const original = statementClass[method];
				statementClass[method] = function (...args) {
					record(sqlOf.get(this) ?? '(unknown statement)');
					return original.apply(this, args);
				};
			}
		}
		return statement;
	};
	const exec = Database.prototype.exec;
	Database.prototype.exec = function (sql, ...rest) {
		record(sql);
		return exec.call(this, sql, ...rest);
	};
}
