// Migration 0006 on a database that already holds a course: every question becomes its own
// version 1, articles gain an owner (none for what was there), questions a status (published).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseArticle } from '../../src/lib/article/parse';
import { importArticle } from '../../src/lib/server/articles';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db/client';
import { applyMigrations, findMigrationsFolder } from '../../src/lib/server/db/migrate';
import { seedText, tempDatabaseUrl } from './support/database';

const TAG = '0006_articles_owned_questions_versioned';
let handle: DatabaseHandle;
let dirs: string[] = [];

/** How many committed migrations come from `tag` on (it included). */
let pending = 0;

/**
 * The committed migrations folder up to `tag`, without it and what came after: the database as
 * the release before it left it (later migrations may build on what `tag` makes).
 */
function migrationsBefore(tag: string): string {
	const folder = mkdtempSync(join(tmpdir(), 'lectern-migrations-'));
	dirs.push(folder);
	cpSync(findMigrationsFolder(), folder, { recursive: true });
	const journalPath = join(folder, 'meta', '_journal.json');
	const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
	const at = journal.entries.findIndex((e) => e.tag === tag);
	if (at < 0) throw new Error(`no migration ${tag}`);
	const later = journal.entries.splice(at);
	pending = later.length;
	writeFileSync(journalPath, JSON.stringify(journal));
	for (const entry of later) rmSync(join(folder, `${entry.tag}.sql`));
	return folder;
}

beforeAll(async () => {
	const { dir, url } = tempDatabaseUrl();
	dirs.push(dir);
	handle = await openDatabase(url);
	await applyMigrations(handle.client, migrationsBefore(TAG));
});
afterAll(() => {
	handle.client.close();
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
	dirs = [];
});

it('makes every question that was there its own version 1, published, and leaves articles unowned', async () => {
	// Written with the schema as it was, before the migration.
	const before = await handle.client.execute(
		"SELECT name FROM pragma_table_info('questions') WHERE name IN ('status', 'version')"
	);
	expect(before.rows).toHaveLength(0);
	await handle.client.execute(
		"INSERT INTO articles (id, slug, title, status, sources, content_hash, version, warnings) VALUES ('a1', 'old', 'Old', 'published', '[]', 'h', 1, '[]')"
	);
	await handle.client.execute(
		`INSERT INTO questions (id, article_id, section_id, origin, position, data) VALUES
			('a1:q-one', 'a1', NULL, 'authored', 0, '{"id":"q-one","type":"truefalse"}'),
			('a1:q-two', 'a1', NULL, 'generated', 1, '{"id":"q-two","type":"short"}')`
	);

	// 0006, and the migrations that came after it.
	expect(pending).toBeGreaterThanOrEqual(1);
	expect(await applyMigrations(handle.client)).toBe(pending);

	const versions = await handle.client.execute(
		'SELECT question_id, version, data FROM question_versions ORDER BY question_id'
	);
	expect(
		versions.rows.map((r) => [r.question_id, r.version, JSON.parse(String(r.data)).id])
	).toEqual([
		['a1:q-one', 1, 'q-one'],
		['a1:q-two', 1, 'q-two']
	]);
	const questions = await handle.client.execute('SELECT status, version FROM questions');
	expect(questions.rows.every((r) => r.status === 'published' && r.version === 1)).toBe(true);
	const owners = await handle.client.execute('SELECT owner_id FROM articles');
	expect(owners.rows.map((r) => r.owner_id)).toEqual([null]);
});

it('sets an article’s owner to nobody when the owner’s account is deleted', async () => {
	await handle.client.execute(
		"INSERT INTO users (id, email, display_name, role) VALUES ('u1', 'owner@example.org', 'Owner', 'teacher')"
	);
	await importArticle(handle.db, parseArticle(seedText()));
	await handle.client.execute("UPDATE articles SET owner_id = 'u1' WHERE slug != 'old'");
	await handle.client.execute("DELETE FROM users WHERE id = 'u1'");
	const owners = await handle.client.execute(
		'SELECT count(*) AS n FROM articles WHERE owner_id IS NOT NULL'
	);
	expect(Number(owners.rows[0]!.n)).toBe(0);
});
