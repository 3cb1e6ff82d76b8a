import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@libsql/client';
import { readMigrationFiles } from 'drizzle-orm/migrator';

/** Finds the committed `drizzle/` folder by walking up from this module, wherever it was bundled. */
export function findMigrationsFolder(from = fileURLToPath(import.meta.url)): string {
	let dir = dirname(from);
	for (;;) {
		const candidate = join(dir, 'drizzle');
		if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
		const parent = dirname(dir);
		if (parent === dir) throw new Error(`no drizzle/ migrations folder above ${from}`);
		dir = parent;
	}
}

/**
 * Applies the migrations drizzle-kit generated, in one write transaction (BEGIN IMMEDIATE),
 * so two processes starting together serialize: the second waits, then finds nothing to do.
 * Uses drizzle's own bookkeeping table, so `drizzle-kit migrate` agrees with it.
 */
export async function applyMigrations(client: Client, folder = findMigrationsFolder()) {
	const migrations = readMigrationFiles({ migrationsFolder: folder });
	const tx = await client.transaction('write');
	try {
		await tx.execute(
			'CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)'
		);
		const done = await tx.execute('SELECT hash, created_at FROM "__drizzle_migrations"');
		const applied = new Set(done.rows.map((r) => String(r.hash)));
		let count = 0;
		for (const migration of migrations) {
			if (applied.has(migration.hash)) continue;
			for (const statement of migration.sql) {
				if (statement.trim()) await tx.execute(statement);
			}
			await tx.execute({
				sql: 'INSERT INTO "__drizzle_migrations" (hash, created_at) VALUES (?, ?)',
				args: [migration.hash, migration.folderMillis]
			});
			count++;
		}
		await tx.commit();
		return count;
	} finally {
		tx.close();
	}
}
