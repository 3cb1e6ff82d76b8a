// `npm run import` leaves a trace: the audit log records the article it imported or updated (a
// re-import that changes nothing records nothing), and the admin log says it in words.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db/client';
import { recentAudit } from '../../src/lib/server/audit';
import { REPO_ROOT, SEED_FILE, SEED_SLUG, tempDatabaseUrl, TSX } from './support/database';

const exec = promisify(execFile);

async function importCli(url: string, file: string) {
	return exec(TSX, ['src/cli/import.ts', file], {
		cwd: REPO_ROOT,
		env: { ...process.env, DATABASE_URL: url }
	});
}

describe('the audit log of imports from the command line', () => {
	const { dir, url } = tempDatabaseUrl();
	let handle: DatabaseHandle;

	beforeAll(async () => {
		handle = await openDatabase(url);
	});
	afterAll(() => {
		handle.client.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('records an import, and says it in words on the admin log', async () => {
		const { stdout } = await importCli(url, SEED_FILE);
		expect(stdout.trim()).toBe(SEED_SLUG);
		const { rows } = await handle.client.execute(
			"SELECT actor_id, actor_name, target_type, details FROM audit_log WHERE action = 'article.import'"
		);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			actor_id: null,
			actor_name: 'npm run import',
			target_type: 'article'
		});
		expect(JSON.parse(String(rows[0]!.details))).toMatchObject({
			slug: SEED_SLUG,
			outcome: 'created',
			source: 'cli'
		});
		const [entry] = await recentAudit(handle.db, 5);
		expect(entry!.actorName).toBe('npm run import');
		expect(entry!.what.text).toMatch(
			/^Imported “Declassified .*” new article, from the command line$/
		);
		expect(entry!.what.href).toBe(`/lessons/${SEED_SLUG}`);
	});

	it('records nothing when the same article is imported again', async () => {
		await importCli(url, SEED_FILE);
		const { rows } = await handle.client.execute(
			"SELECT count(*) AS n FROM audit_log WHERE action = 'article.import'"
		);
		expect(Number(rows[0]!.n)).toBe(1);
	});
});
