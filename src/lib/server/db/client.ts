import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import * as schema from './schema';
import { cacheStatements } from './statement-cache';
import { serializeWrites } from './write-lock';

export type Database = LibSQLDatabase<typeof schema>;
/** A database handle or an open transaction: both build queries the same way. */
export type Executor = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

/** The libSQL client under a database handle (drizzle() keeps it as `$client`; its type leaves it out). */
export function clientOf(db: Database): Client {
	const client = (db as Database & { $client?: Client }).$client;
	if (!client) throw new Error('this database handle has no libSQL client');
	return client;
}
/**
 * A query built once per database (or transaction) it runs on, for the statements every request
 * runs: drizzle's query builder (`is`, `sql`) cost a tenth of a signed-in page's CPU when they
 * were built at each call. `make` returns a prepared query (`.prepare()` with placeholders).
 */
export function preparedPer<E extends object, Query>(make: (db: E) => Query): (db: E) => Query {
	const built = new WeakMap<E, Query>();
	return (db) => {
		let query = built.get(db);
		if (!query) built.set(db, (query = make(db)));
		return query;
	};
}

export interface DatabaseHandle {
	client: Client;
	db: Database;
	url: string;
	isFile: boolean;
}

export const DEFAULT_DATABASE_URL = 'file:data/lectern.db';
/** How long a writer waits for another process's write lock before giving up (ms). */
const BUSY_TIMEOUT_MS = 10_000;
const FILE_CONNECTIONS = 4;

/**
 * Opens the database named by `url`. A `file:` database gets its folder created and WAL
 * switched on (WAL persists in the file; libSQL connections have foreign keys on and
 * synchronous=FULL by default, which we keep: see the README's durability note).
 */
export async function openDatabase(url: string, authToken?: string): Promise<DatabaseHandle> {
	const isFile = url.startsWith('file:');
	if (isFile) {
		cacheStatements();
		const path = url.slice('file:'.length).split('?')[0] ?? '';
		if (path && path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
	}
	const connect = () =>
		createClient({
			url,
			authToken: authToken || undefined,
			timeout: BUSY_TIMEOUT_MS,
			// Embedded calls run synchronously on this thread, so more connections add memory, not
			// parallelism; a few let reads go on while the one write transaction holds its own.
			concurrency: isFile ? FILE_CONNECTIONS : undefined
		});
	// A remote server queues writes itself; an embedded file needs this process to take turns.
	const client = isFile ? serializeWrites(connect) : connect();
	if (isFile) {
		await client.execute('PRAGMA journal_mode=WAL');
		const fk = await client.execute('PRAGMA foreign_keys');
		if (Number(fk.rows[0]?.[0]) !== 1) throw new Error('foreign keys are off in this libSQL build');
	}
	return { client, db: drizzle(client, { schema }), url, isFile };
}
