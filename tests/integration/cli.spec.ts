import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db/client';
import {
	count,
	dumpTables,
	fixturePath,
	REPO_ROOT,
	SEED_FILE,
	SEED_SLUG,
	tempDatabaseUrl,
	TSX
} from './support/database';

const exec = promisify(execFile);

/** Runs `tsx src/cli/import.ts <args>` (as `npm run import` does) against the test database. */
async function importCli(url: string, ...args: string[]) {
	try {
		const { stdout, stderr } = await exec(TSX, ['src/cli/import.ts', ...args], {
			cwd: REPO_ROOT,
			env: { ...process.env, DATABASE_URL: url }
		});
		return { code: 0, stdout, stderr };
	} catch (error) {
		const e = error as { code: number; stdout: string; stderr: string };
		return { code: e.code, stdout: e.stdout, stderr: e.stderr };
	}
}

describe('the import command (npm run import -- <file>)', () => {
	const { dir, url } = tempDatabaseUrl();
	let handle: DatabaseHandle;

	beforeAll(async () => {
		handle = await openDatabase(url);
	});
	afterAll(() => {
		handle.client.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('imports the seed into a new database, prints its slug and exits 0', async () => {
		const result = await importCli(url, SEED_FILE);
		expect(result.code).toBe(0);
		expect(result.stdout.trim()).toBe(SEED_SLUG);
		expect(result.stderr).toContain('warning: line 43: section "Sea.”" has no text; skipped');
		expect(
			await count(handle.client, `SELECT count(*) FROM articles WHERE slug = '${SEED_SLUG}'`)
		).toBe(1);
		expect(await count(handle.client, 'SELECT count(*) FROM sections')).toBe(14);
	});

	it('exits 1 naming the line of a malformed article, leaving the database as it was', async () => {
		const before = await dumpTables(handle.client);
		const file = fixturePath('ragged-table.txt');
		const result = await importCli(url, file);
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr.trim()).toBe(
			`${file}: line 10: table row has 2 cells but the header has 3`
		);
		expect(await dumpTables(handle.client)).toEqual(before);
	});

	// These two never reach the database, so they run alongside the others.
	it.concurrent('exits 1 with "line 1:" on an empty file', async () => {
		const result = await importCli(url, fixturePath('empty.txt'));
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/: line 1: /);
	});

	it.concurrent('exits non-zero with a usage line when no file is given', async () => {
		const result = await importCli(url);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('usage:');
	});

	it('prints the slug and exits 0 again when the same article is imported twice', async () => {
		const before = await dumpTables(handle.client);
		const result = await importCli(url, SEED_FILE);
		expect(result.code).toBe(0);
		expect(result.stdout.trim()).toBe(SEED_SLUG);
		expect(await dumpTables(handle.client)).toEqual(before);
	});
});
