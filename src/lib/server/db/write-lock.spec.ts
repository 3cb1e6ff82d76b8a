import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterEach, describe, expect, it } from 'vitest';
import { Mutex, isWrite, serializeWrites } from './write-lock';

const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempClient(timeout: number) {
	const dir = mkdtempSync(join(tmpdir(), 'lectern-lock-'));
	dirs.push(dir);
	return createClient({ url: `file:${join(dir, 'x.db')}`, timeout });
}

describe('the process write lock', () => {
	it('hands the lock out in order, one holder at a time', async () => {
		const lock = new Mutex();
		const log: string[] = [];
		const job = (name: string, ms: number) =>
			lock.run(async () => {
				log.push(`${name} in`);
				await new Promise((r) => setTimeout(r, ms));
				log.push(`${name} out`);
			});
		await Promise.all([job('a', 20), job('b', 1), job('c', 1)]);
		expect(log).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
	});

	it('tells writes from reads', () => {
		expect(isWrite('INSERT INTO t VALUES (1)')).toBe(true);
		expect(isWrite({ sql: '  update t set a = 1', args: [] })).toBe(true);
		expect(isWrite('delete from t')).toBe(true);
		expect(isWrite('WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x')).toBe(true);
		expect(isWrite('SELECT * FROM t')).toBe(false);
		expect(isWrite('PRAGMA journal_mode')).toBe(false);
	});

	it('lets a write wait for an open transaction instead of failing with SQLITE_BUSY', async () => {
		const client = serializeWrites(tempClient(300));
		await client.execute('PRAGMA journal_mode=WAL');
		await client.execute('CREATE TABLE t (n INTEGER)');
		const tx = await client.transaction('write');
		await tx.execute('INSERT INTO t VALUES (1)');
		const outside = client.execute('INSERT INTO t VALUES (2)');
		// Reads are not queued: WAL lets them see the last commit while the transaction is open.
		expect((await client.execute('SELECT count(*) AS n FROM t')).rows[0]!.n).toBe(0);
		await new Promise((r) => setTimeout(r, 400)); // longer than the busy timeout
		await tx.execute('INSERT INTO t VALUES (3)');
		await tx.commit();
		await outside;
		expect((await client.execute('SELECT count(*) AS n FROM t')).rows[0]!.n).toBe(3);
		client.close();
	});

	it('releases the lock when a transaction is rolled back or closed', async () => {
		const client = serializeWrites(tempClient(300));
		await client.execute('CREATE TABLE t (n INTEGER)');
		const tx = await client.transaction('write');
		await tx.rollback();
		const tx2 = await client.transaction('write');
		tx2.close();
		await client.execute('INSERT INTO t VALUES (1)');
		expect((await client.execute('SELECT count(*) AS n FROM t')).rows[0]!.n).toBe(1);
		client.close();
	});
});
