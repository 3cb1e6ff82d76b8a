import { openDatabase, DEFAULT_DATABASE_URL, type DatabaseHandle } from './client';

let handle: DatabaseHandle | undefined;

/** The process's database, opened from `DATABASE_URL` on first use (never during `vite build`). */
export async function connect(): Promise<DatabaseHandle> {
	handle ??= await openDatabase(
		process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
		process.env.DATABASE_AUTH_TOKEN
	);
	return handle;
}

/** The open database; `connect()` must have run (the server's `init` hook does it). */
export function database(): DatabaseHandle {
	if (!handle) throw new Error('the database is not connected yet');
	return handle;
}

export type { Database, DatabaseHandle } from './client';
