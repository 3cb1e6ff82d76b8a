// Preloaded into a test server (NODE_OPTIONS=--import …): appends every package the process
// imports by name (`compromise`, `drizzle-orm`, …) to the file named by LECTERN_MODULE_LOG, one
// a line after the process id, so a spec can tell which libraries a start and a page view load in the real server.
import { register } from 'node:module';

const log = process.env.LECTERN_MODULE_LOG;
if (log) register('./module-log-hooks.mjs', import.meta.url, { data: { log } });
