import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db/client';
import { applyMigrations, findMigrationsFolder } from '../../src/lib/server/db/migrate';
import { count, REPO_ROOT, SEED_FILE, SEED_SLUG, tempDatabaseUrl, TSX } from './support/database';

const journal = JSON.parse(readFileSync(join(REPO_ROOT, 'drizzle/meta/_journal.json'), 'utf8')) as {
	entries: { tag: string; when: number }[];
};
const MIGRATIONS = journal.entries.length;

const cleanups: (() => void)[] = [];
afterEach(() => {
	while (cleanups.length) cleanups.pop()!();
});

async function open(): Promise<{ handle: DatabaseHandle; url: string }> {
	const { dir, url } = tempDatabaseUrl();
	const handle = await openDatabase(url);
	cleanups.push(() => {
		handle.client.close();
		rmSync(dir, { recursive: true, force: true });
	});
	return { handle, url };
}

describe('migrations', () => {
	it('finds the committed drizzle/ folder', () => {
		expect(findMigrationsFolder()).toBe(join(REPO_ROOT, 'drizzle'));
	});

	it('applies every migration once on a new database, then nothing the second time', async () => {
		const { handle } = await open();
		expect(await applyMigrations(handle.client)).toBe(MIGRATIONS);
		expect(await applyMigrations(handle.client)).toBe(0);
		const rows = await handle.client.execute(
			'SELECT hash, created_at FROM "__drizzle_migrations" ORDER BY id'
		);
		expect(rows.rows).toHaveLength(MIGRATIONS);
		expect(rows.rows.map((r) => Number(r[1]))).toEqual(journal.entries.map((e) => e.when));
		expect(new Set(rows.rows.map((r) => r[0])).size).toBe(MIGRATIONS);
	});

	it('creates the content tables', async () => {
		const { handle } = await open();
		await applyMigrations(handle.client);
		const tables = await handle.client.execute(
			"SELECT name FROM sqlite_master WHERE type = 'table'"
		);
		const names = tables.rows.map((r) => r[0]);
		for (const table of ['articles', 'sections', 'prompts', 'users', 'sessions']) {
			expect(names).toContain(table);
		}
	});

	it('opens a file database in WAL mode with foreign keys on', async () => {
		const { handle } = await open();
		const mode = await handle.client.execute('PRAGMA journal_mode');
		expect(String(mode.rows[0]![0]).toLowerCase()).toBe('wal');
		expect(await count(handle.client, 'PRAGMA foreign_keys')).toBe(1);
	});
});

interface Child {
	ready: Promise<void>;
	done: Promise<{ code: number | null; stdout: string; stderr: string }>;
	go(): void;
}

function startChild(url: string): Child {
	const child = spawn(TSX, ['tests/integration/support/migrate-and-import.ts', url, SEED_FILE], {
		cwd: REPO_ROOT,
		stdio: ['pipe', 'pipe', 'pipe']
	});
	let stdout = '';
	let stderr = '';
	let markReady!: () => void;
	const ready = new Promise<void>((resolve) => (markReady = resolve));
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
		if (stdout.includes('ready\n')) markReady();
	});
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
		child.on('close', (code) => {
			markReady();
			resolve({ code, stdout, stderr });
		})
	);
	return { ready, done, go: () => child.stdin.end('go\n') };
}

describe('two processes starting together on one new database', () => {
	it('both succeed, and the database holds one copy of everything', async () => {
		const { dir, url, path } = tempDatabaseUrl();
		cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

		const children = [startChild(url), startChild(url)];
		await Promise.all(children.map((c) => c.ready));
		for (const c of children) c.go();
		const results = await Promise.all(children.map((c) => c.done));

		for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
		const logs = results.map(
			(r) => (JSON.parse(r.stdout.split('\n')[1]!) as { logs: string[] }).logs
		);
		const all = logs.flat();
		expect(all.filter((l) => l === `Lectern: created article ${SEED_SLUG}`)).toHaveLength(1);
		expect(all.filter((l) => l.includes('created the first admin account'))).toHaveLength(1);

		const handle = await openDatabase(`file:${path}`);
		cleanups.push(() => handle.client.close());
		const { client } = handle;
		expect(await count(client, 'SELECT count(*) FROM "__drizzle_migrations"')).toBe(MIGRATIONS);
		expect(await count(client, 'SELECT count(DISTINCT hash) FROM "__drizzle_migrations"')).toBe(
			MIGRATIONS
		);
		expect(await count(client, `SELECT count(*) FROM articles WHERE slug = '${SEED_SLUG}'`)).toBe(
			1
		);
		expect(await count(client, 'SELECT count(*) FROM articles')).toBe(1);
		expect(await count(client, 'SELECT count(*) FROM sections')).toBe(14);
		expect(await count(client, 'SELECT count(*) FROM prompts')).toBe(3);
		expect(await count(client, "SELECT count(*) FROM users WHERE role = 'admin'")).toBe(1);
		const integrity = await client.execute('PRAGMA integrity_check');
		expect(integrity.rows.map((r) => r[0])).toEqual(['ok']);
		const mode = await client.execute('PRAGMA journal_mode');
		expect(String(mode.rows[0]![0]).toLowerCase()).toBe('wal');
	}, 60_000);
});
