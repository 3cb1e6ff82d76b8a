// Shared helpers for the integration specs: a throw-away file database and full table dumps.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { openDatabase, type DatabaseHandle } from '../../../src/lib/server/db/client';
import { applyMigrations } from '../../../src/lib/server/db/migrate';

export const REPO_ROOT = new URL('../../../', import.meta.url).pathname;
export const SEED_FILE = join(
	REPO_ROOT,
	'src/content/articles/declassified-putin-bush-talks-surface-tensions-over-nato-ukraine.txt'
);
export const SEED_SLUG = 'declassified-putin-bush-talks-surface-tensions-over-nato-ukraine';
/** The project's tsx, as `npx tsx` and `npm run import` resolve it, minus npx's start-up. */
export const TSX = join(REPO_ROOT, 'node_modules/.bin/tsx');
export const seedText = () => readFileSync(SEED_FILE, 'utf8');
export const fixturePath = (name: string) => join(REPO_ROOT, 'tests/fixtures/articles', name);

/** A new folder under the system temp dir, and a `file:` URL for a database inside it. */
export function tempDatabaseUrl(): { dir: string; url: string; path: string } {
	const dir = mkdtempSync(join(tmpdir(), 'lectern-test-'));
	const path = join(dir, 'lectern.db');
	return { dir, url: `file:${path}`, path };
}

export interface TestDatabase extends DatabaseHandle {
	dir: string;
	close(): void;
}

/** Opens a fresh file database with every migration applied. */
export async function freshDatabase(): Promise<TestDatabase> {
	const { dir, url } = tempDatabaseUrl();
	const handle = await openDatabase(url);
	await applyMigrations(handle.client);
	return {
		...handle,
		dir,
		close() {
			handle.client.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** Every row of every table (schema included), in storage order: equal dumps mean equal databases. */
export async function dumpTables(client: Client): Promise<Record<string, unknown[][]>> {
	const tables = await client.execute(
		"SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
	);
	const dump: Record<string, unknown[][]> = {
		sqlite_master: (
			await client.execute('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name')
		).rows.map((r) => [r[0], r[1], r[2], r[3]])
	};
	for (const row of tables.rows) {
		const name = String(row[0]);
		const rs = await client.execute(`SELECT * FROM "${name}" ORDER BY rowid`);
		dump[name] = rs.rows.map((r) => rs.columns.map((_, i) => r[i]));
	}
	return dump;
}

export async function count(client: Client, sql: string): Promise<number> {
	const rs = await client.execute(sql);
	return Number(rs.rows[0]![0]);
}
