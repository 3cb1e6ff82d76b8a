// Preloaded into a test server (NODE_OPTIONS=--import …): appends every SQL statement the
// embedded libSQL driver prepares to the file named by LECTERN_STATEMENT_LOG, one a line, so a
// spec can count what one page view asked the database, in the real server process.
import { appendFileSync } from 'node:fs';
import Database from 'libsql';

const log = process.env.LECTERN_STATEMENT_LOG;
if (log) {
	const record = (sql) => appendFileSync(log, `${String(sql).replace(/\s+/g, ' ').trim()}\n`);
	for (const method of ['prepare', 'exec']) {
		const original = Database.prototype[method];
		Database.prototype[method] = function (sql, ...rest) {
			record(sql);
			return original.call(this, sql, ...rest);
		};
	}
}
