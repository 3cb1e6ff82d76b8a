// Module resolution hooks for module-log.mjs (they run on Node's loader thread).
import { appendFileSync } from 'node:fs';

let log = '';
export function initialize(data) {
	log = data.log;
}

/** A bare specifier names a package: `compromise`, `@libsql/client`, `drizzle-orm/sql`. */
const BARE = /^(?![./]|node:|file:|data:)/;

export async function resolve(specifier, context, next) {
	if (BARE.test(specifier)) appendFileSync(log, `${process.pid} ${specifier}\n`);
	return next(specifier, context);
}
