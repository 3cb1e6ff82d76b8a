import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
/** A whole import of the seed runs the prose suggestions and the marking rules (NLP) in a child. */
const SEED_IMPORT_MS = 120_000;

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

	it(
		'imports the seed into a new database, prints its slug and exits 0',
		async () => {
			const result = await importCli(url, SEED_FILE);
			expect(result.code).toBe(0);
			expect(result.stdout.trim()).toBe(SEED_SLUG);
			expect(result.stderr).toContain('warning: line 43: section "Sea.”" has no text; skipped');
			expect(
				await count(handle.client, `SELECT count(*) FROM articles WHERE slug = '${SEED_SLUG}'`)
			).toBe(1);
			expect(await count(handle.client, 'SELECT count(*) FROM sections')).toBe(14);
		},
		SEED_IMPORT_MS
	);

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

	it(
		'prints the slug and exits 0 again when the same article is imported twice',
		async () => {
			const before = await dumpTables(handle.client);
			const result = await importCli(url, SEED_FILE);
			expect(result.code).toBe(0);
			expect(result.stdout.trim()).toBe(SEED_SLUG);
			expect(await dumpTables(handle.client)).toEqual(before);
		},
		SEED_IMPORT_MS
	);

	describe('with a claims file beside the article (issue 13)', () => {
		const claimsFixture = join(REPO_ROOT, 'tests/fixtures/claims/pier-bell.txt');

		it('stores the file’s marks confirmed and the rules’ drafts for the rest', async () => {
			const result = await importCli(url, claimsFixture);
			expect(result.code).toBe(0);
			expect(result.stdout.trim()).toBe('the-pier-bell-of-vila-nova');
			const marks = (where: string) =>
				count(handle.client, `SELECT count(*) FROM source_marks WHERE ${where}`);
			expect(await marks("status = 'confirmed' AND origin = 'file'")).toBe(2);
			expect(await marks("status = 'suggested' AND origin = 'rules'")).toBeGreaterThan(0);
			expect(
				await count(handle.client, "SELECT count(*) FROM contradictions WHERE origin = 'file'")
			).toBe(1);
		});

		it('exits 1 naming a bad claims file, leaving the database as it was', async () => {
			const before = await dumpTables(handle.client);
			const text = join(dir, 'pier-bell.txt');
			copyFileSync(claimsFixture, text);
			const claims = readFileSync(claimsFixture.replace(/\.txt$/, '.claims.json'), 'utf8');
			writeFileSync(join(dir, 'pier-bell.claims.json'), claims.replace('900 kilograms,', '9 kg,'));
			const result = await importCli(url, text);
			expect(result.code).toBe(1);
			expect(result.stderr).toContain(
				`${join(dir, 'pier-bell.claims.json')}: claims file: marks.0`
			);
			expect(await dumpTables(handle.client)).toEqual(before);
		});
	});
});
