import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheStatements, libsqlDatabaseClass } from './statement-cache';

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
