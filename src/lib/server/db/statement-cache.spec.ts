import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheStatements, libsqlDatabaseClass, selectsEverything } from './statement-cache';

/** A stand-in for libSQL's Database: counts what it prepares. */
function fakeDatabase() {
	const prepared: string[] = [];
	class Fake {
		prepare(sql: string) {
			prepared.push(sql);
			return { sql, n: prepared.length };
		}
	}
	return { Fake, prepared };
}

describe('kept statements (the rules, on a stand-in)', () => {
	it('prepares a statement once per connection and hands the same one back', () => {
		const { Fake, prepared } = fakeDatabase();
		cacheStatements(Fake, 3);
		const a = new Fake();
		const b = new Fake();
		const first = a.prepare('SELECT 1');
		expect(a.prepare('SELECT 1')).toBe(first);
		expect(a.prepare('SELECT 2')).not.toBe(first);
		// Another connection prepares its own.
		expect(b.prepare('SELECT 1')).not.toBe(first);
		expect(prepared).toEqual(['SELECT 1', 'SELECT 2', 'SELECT 1']);
	});

	it('keeps at most `limit` per connection, dropping the least recently used', () => {
		const { Fake, prepared } = fakeDatabase();
		cacheStatements(Fake, 2);
		const db = new Fake();
		db.prepare('a');
		db.prepare('b');
		db.prepare('a'); // a is now the most recent
		db.prepare('c'); // b goes
		db.prepare('a');
		db.prepare('b'); // prepared again
		expect(prepared).toEqual(['a', 'b', 'c', 'b']);
	});

	it('is installed once, however often it is asked', () => {
		const { Fake, prepared } = fakeDatabase();
		cacheStatements(Fake, 2);
		cacheStatements(Fake, 2);
		const db = new Fake();
		db.prepare('x');
		db.prepare('x');
		expect(prepared).toEqual(['x']);
	});
});

describe('kept columns (the rules, on a stand-in)', () => {
	/** A stand-in whose statements count how often they are asked for their columns. */
	function withColumns() {
		const asked: string[] = [];
		class Statement {
			constructor(readonly sql: string) {}
			columns() {
				asked.push(this.sql);
				return [{ name: this.sql }];
			}
		}
		class Fake {
			prepare(sql: string) {
				return new Statement(sql);
			}
		}
		return { Fake, asked };
	}

	it('asks a kept statement for its columns once, and one that selects `*` every time', () => {
		const { Fake, asked } = withColumns();
		cacheStatements(Fake, 8);
		const db = new Fake();
		const once = ['SELECT a FROM t', 'SELECT /*n*/ count(*) AS n FROM t'];
		const always = ['SELECT * FROM t', 'SELECT t.* FROM t', 'INSERT INTO t VALUES (1) RETURNING *'];
		for (const sql of [...once, ...always]) {
			for (let i = 0; i < 3; i++) {
				expect((db.prepare(sql) as { columns(): unknown }).columns()).toEqual([{ name: sql }]);
			}
		}
		expect(asked).toEqual([...once, ...always.flatMap((sql) => Array(3).fill(sql))]);
	});

	it('tells the statements whose columns depend on the schema', () => {
		expect(selectsEverything('SELECT * FROM t')).toBe(true);
		expect(selectsEverything('select u.*, s.id from u join s')).toBe(true);
		expect(selectsEverything('UPDATE t SET a = 1 RETURNING *')).toBe(true);
		expect(selectsEverything('SELECT a * 2 FROM t')).toBe(true); // unsure: asked every time
		expect(selectsEverything('SELECT /* all */ a FROM t')).toBe(false);
		expect(selectsEverything('SELECT COUNT( * ) AS n, count(*) FROM t')).toBe(false);
		expect(selectsEverything('SELECT "id", "email" FROM "users" WHERE "id" = ?')).toBe(false);
	});
});

describe('kept statements in libSQL, through @libsql/client', () => {
	let dir: string;
	let url: string;
	let a: Client;
	let b: Client;

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'lectern-statements-'));
		url = `file:${join(dir, 'x.db')}`;
		cacheStatements();
		a = createClient({ url, timeout: 2000, concurrency: 1 });
		b = createClient({ url, timeout: 2000, concurrency: 1 });
		await a.execute('PRAGMA journal_mode=WAL');
		await a.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
	});

	afterAll(() => {
		a?.close();
		b?.close();
		rmSync(dir, { recursive: true, force: true });
	});

	const names = async (client: Client, min: number) =>
		(
			await client.execute({
				sql: 'SELECT /*counted*/ name FROM t WHERE id >= ? ORDER BY id',
				args: [min]
			})
		).rows.map((r) => String(r.name));

	it('answers each run with its own arguments, and sees what another connection wrote since', async () => {
		await b.execute({ sql: 'INSERT INTO t (id, name) VALUES (?, ?)', args: [1, 'one'] });
		expect(await names(a, 1)).toEqual(['one']);
		await b.execute({ sql: 'INSERT INTO t (id, name) VALUES (?, ?)', args: [2, 'two'] });
		// The kept statement holds no old snapshot: the other connection's row is there.
		expect(await names(a, 1)).toEqual(['one', 'two']);
		expect(await names(a, 2)).toEqual(['two']);
		const { rows } = await a.execute({
			sql: 'SELECT /*counted*/ count(*) AS n FROM t WHERE name = ?',
			args: ['two']
		});
		expect(Number(rows[0]!.n)).toBe(1);
	});

	it('does not keep the other connection from writing or checkpointing after a read', async () => {
		for (let i = 0; i < 5; i++) await names(a, 0);
		await b.execute({ sql: 'INSERT INTO t (id, name) VALUES (?, ?)', args: [3, 'three'] });
		const checkpoint = await b.execute('PRAGMA wal_checkpoint(TRUNCATE)');
		// busy = 0: no reader holds an old snapshot open.
		expect(Number(checkpoint.rows[0]![0])).toBe(0);
		expect(await names(a, 3)).toEqual(['three']);
	});

	it('runs a kept write again after one that failed, and inside a transaction', async () => {
		const insert = (client: Client, id: number, name: string | null) =>
			client.execute({
				sql: 'INSERT /*counted*/ INTO t (id, name) VALUES (?, ?)',
				args: [id, name]
			});
		await expect(insert(a, 10, null)).rejects.toThrow(/NOT NULL/);
		await insert(a, 10, 'ten');
		const tx = await a.transaction('write');
		await tx.execute({
			sql: 'INSERT /*counted*/ INTO t (id, name) VALUES (?, ?)',
			args: [11, 'eleven']
		});
		await tx.commit();
		expect(await names(b, 10)).toEqual(['ten', 'eleven']);
	});

	it('answers a kept statement’s rows under the right names every run, across a migration', async () => {
		const read = async () => {
			const result = await a.execute({
				sql: 'SELECT /*named*/ id, name AS label FROM t WHERE id = ?',
				args: [1]
			});
			return { columns: result.columns, row: { ...result.rows[0] } };
		};
		const expected = { columns: ['id', 'label'], row: { id: 1, label: 'one' } };
		const everything = () => a.execute({ sql: 'SELECT * FROM t WHERE id = ?', args: [1] });
		for (let i = 0; i < 3; i++) {
			expect(await read()).toEqual(expected);
			expect((await everything()).columns).toEqual(['id', 'name']);
		}
		await b.execute('ALTER TABLE t ADD COLUMN note TEXT');
		expect(await read()).toEqual(expected);
		// A statement that selects `*` shows the new column once it has stepped on the new schema
		// (libSQL answers columns from the schema the statement last ran on): it is asked every time.
		await everything();
		const all = await everything();
		expect(all.columns).toEqual(['id', 'name', 'note']);
		expect({ ...all.rows[0] }).toEqual({ id: 1, name: 'one', note: null });
	});

	it('is what libSQL’s own connections do once installed', () => {
		const Database = libsqlDatabaseClass() as unknown as new (path: string) => {
			prepare(sql: string): unknown;
			close(): void;
		};
		const db = new Database(':memory:');
		const statement = db.prepare('SELECT 1');
		expect(db.prepare('SELECT 1')).toBe(statement);
		expect(db.prepare('SELECT 2')).not.toBe(statement);
		db.close();
	});
});
